export interface CategoryTables {
  categories: {
    id: number;
    parent_id: number | null;
    name: string;
    /** First-level only: open to individual developers (0/1). */
    open_to_individual: number;
    /** A qualification document is required to use this category (0/1). */
    needs_qualification: number;
    sort: number;
    /** No longer offered to new choices (0/1); apps already in it keep it. */
    disabled: number;
  };
}
