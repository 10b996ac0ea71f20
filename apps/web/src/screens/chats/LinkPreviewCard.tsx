import { useQuery } from '../../api/use-query';
import { LinkPreviewQuery } from '../../ops/news';
import { firstLink } from '../../ui/Linkified';

/**
 * The first link's preview under a message: title, summary and site, as the
 * server fetched them (the page's image is not shown: it lives on another
 * origin, which this app's Content-Security-Policy does not load from).
 */
export function LinkPreviewCard({ text }: { text: string }) {
  const url = firstLink(text);
  const preview = useQuery(LinkPreviewQuery, { url: url ?? '' }, !url);
  const p = preview.data?.linkPreview;
  if (!url || !p) return null;
  return (
    <a className="link-preview" href={p.url} target="_blank" rel="noopener noreferrer" aria-label={`پیش‌نمایش پیوند: ${p.title}`}>
      {p.siteName && (
        <span className="site" dir="auto">
          {p.siteName}
        </span>
      )}
      <strong dir="auto">{p.title}</strong>
      {p.description && <span dir="auto">{p.description}</span>}
    </a>
  );
}
