/** A verified institution as pickers show it; shared by the server (institution-lookup.server.ts) and the pickers (app/components/pickers.tsx). */
export interface InstitutionOption {
  id: number;
  name: string;
  country: string;
  countryName: string;
  city: string | null;
}
