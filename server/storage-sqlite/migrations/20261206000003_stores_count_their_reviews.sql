-- How many reviews each store has and their stars added up, kept with the
-- store. The store list and every store's page show the stars, and summing
-- them there read every review of every store listed: tens of thousands of
-- rows for a popular one, read again after each change of the catalogue.
-- Both change with each review, in the transaction that writes it.
ALTER TABLE stores ADD COLUMN review_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stores ADD COLUMN star_total INTEGER NOT NULL DEFAULT 0;
UPDATE stores SET review_count = (SELECT COUNT(*) FROM reviews r WHERE r.store_id = stores.id),
                  star_total = (SELECT COALESCE(SUM(stars), 0) FROM reviews r WHERE r.store_id = stores.id);
