-- How far each store delivers, in metres; 3 km unless its owner says otherwise.
ALTER TABLE stores ADD COLUMN delivery_radius_m INTEGER NOT NULL DEFAULT 3000;
