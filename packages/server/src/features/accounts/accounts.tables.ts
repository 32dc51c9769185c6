export type Role = 'developer' | 'reviewer' | 'admin';

export interface AccountTables {
  users: {
    id: string;
    email: string;
    password_hash: string;
    role: Role;
    display_name: string;
    created_at: number;
    /** null until the email is activated (the link of `email_activations`). */
    activated_at: number | null;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    csrf_token: string;
    created_at: number;
    expires_at: number;
  };
  email_activations: {
    token_hash: string;
    user_id: string;
    email: string;
    link: string | null;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
}
