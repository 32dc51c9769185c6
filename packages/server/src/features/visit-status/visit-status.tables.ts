/** Mini programs their admin took out of service (`/wxa/change_visitstatus` action `close`). */
export interface VisitStatusTables {
  mp_visit_closures: {
    app_id: string;
    closed_by: string;
    closed_at: number;
  };
}
