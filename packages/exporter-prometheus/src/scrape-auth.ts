// The scrape credentials check moved to core so that the dashboard (@meterkit/dashboard) shares it;
// re-exported here so this package's API and imports stay as they were.
export {
  createScrapeAuthenticator,
  SCRAPE_AUTH_REALM,
  type ScrapeAuth,
  type ScrapeAuthenticator,
  type ServerTls,
} from '@meterkit/core/exporter-kit';
