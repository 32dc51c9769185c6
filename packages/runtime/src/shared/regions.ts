/** The region table `<picker mode="region">` reads, as the build writes it and the frame loads it. */

export const REGIONS_CALLBACK = '__wharfRegions';

/** [name, code, children]: provinces → cities → districts (codes of 6 digits). */
export type RegionTable = Array<[string, string, Array<[string, string, Array<[string, string]>]>]>;

/** A province's streets (sub-districts, codes of 9 digits) by district code. */
export type StreetTable = Record<string, Array<[string, string]>>;
