-- operators list every tenant's jobs newest first, and the dashboard counts the last hour's scrapes
CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);
CREATE INDEX scrapes_created ON scrapes (created_at);
