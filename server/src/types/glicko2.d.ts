/** The part of the `glicko2` package (no types of its own) that services/clashes/glickoRace.ts uses. */
declare module "glicko2" {
  export interface Glicko2Settings {
    tau?: number;
    rating?: number;
    rd?: number;
    vol?: number;
  }

  export interface Player {
    getRating(): number;
    getRd(): number;
    getVol(): number;
  }

  /** Players by finishing position, best first; players of one position tied. */
  export interface Race {
    getMatches(): [Player, Player, number][];
  }

  export class Glicko2 {
    constructor(settings?: Glicko2Settings);
    makePlayer(rating?: number, rd?: number, vol?: number): Player;
    makeRace(positions: Player[][]): Race;
    /** One rating period: every player made by this instance is updated from these results. */
    updateRatings(matches: Race | [Player, Player, number][]): void;
  }
}
