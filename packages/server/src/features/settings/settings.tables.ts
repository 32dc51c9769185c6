export interface SettingTables {
  settings: {
    key: string;
    /** JSON text. */
    value: string;
    updated_at: number;
  };
}
