-- How many times each coupon has been used, kept with the coupon. Every
-- page a customer opens on a store offers its coupons not all taken, and
-- counting their uses there read every use of every coupon of the store:
-- thousands of rows for a popular one. The count changes with each use and
-- each use given back, in the writers' transaction that makes it.
ALTER TABLE coupons ADD COLUMN taken BIGINT NOT NULL DEFAULT 0;
UPDATE coupons SET taken = (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = coupons.id);
