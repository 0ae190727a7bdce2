import Markdown from "react-markdown";

/**
 * A challenge's description as Markdown. Challenges can be written by players, so raw HTML is
 * never rendered (react-markdown escapes it unless a raw-HTML plugin is added, and none is) and
 * links keep only safe URL schemes (react-markdown's default URL transform).
 */
export function ChallengeText({ source }: { source: string }) {
  return (
    <div className="description markdown" data-testid="challenge-description">
      <Markdown skipHtml>{source}</Markdown>
    </div>
  );
}
