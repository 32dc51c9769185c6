export type Role = 'developer' | 'reviewer' | 'admin';

export interface AccountTables {
  users: {
    id: string;
    email: string;
    password_hash: string;
    role: Role;
    display_name: string;
    created_at: number;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    csrf_token: string;
    created_at: number;
    expires_at: number;
  };
}
