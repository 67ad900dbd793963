-- The postback log's click_id index: what each kind costs per inserted row. Three copies of a
-- million-row log (no index on click_id, a B-tree, a hash index), then 24 rounds in which the same
-- 3,000 random click IDs (an attribution batch's size) are inserted into each copy, the order
-- rotating every round. Prints the median µs per row (the first four rounds left out as warm-up)
-- and each index's size; the rows without an index are the baseline. Migration 1795469400000 made
-- the index a hash index on these figures. Takes about a minute and drops its schema at the end.
--   psql postgres://postgres@127.0.0.1:5432/clickledger -f bench/sql/click-id-index.sql
\set ON_ERROR_STOP on
\timing off
set client_min_messages = warning;
drop schema if exists clickidx cascade; create schema clickidx; set search_path = clickidx;
-- A click ID's shape: 26 characters, time-ordered prefix, random rest.
create function click_id() returns text language sql volatile as $$
  select '01K' || upper(substr(md5(random()::text), 1, 23))
$$;
create table no_index (id uuid primary key default gen_random_uuid(), click_id varchar(255));
create table btree (like no_index including all);
create index btree_click_id on btree (click_id);
create table hash (like no_index including all);
create index hash_click_id on hash using hash (click_id);
insert into no_index (click_id) select click_id() from generate_series(1, 1000000);
insert into btree select * from no_index;
insert into hash select * from no_index;
vacuum analyze; checkpoint;
create table timing (variant text, round int, us_per_row float8);
create table batch (click_id text);
do $$
declare
  variants text[] := array['no_index', 'btree', 'hash'];
  variant text;
  started timestamptz;
begin
  for round in 1..24 loop
    truncate clickidx.batch;
    insert into clickidx.batch select clickidx.click_id() from generate_series(1, 3000);
    for i in 0..2 loop
      variant := variants[(round + i) % 3 + 1];
      started := clock_timestamp();
      execute format('insert into clickidx.%I (click_id) select click_id from clickidx.batch', variant);
      insert into clickidx.timing
        values (variant, round, extract(epoch from clock_timestamp() - started) * 1e6 / 3000);
    end loop;
  end loop;
end $$;
select variant,
       round(percentile_cont(0.5) within group (order by us_per_row)::numeric, 2) as median_us_per_row,
       round(min(us_per_row)::numeric, 2) as min_us_per_row,
       pg_size_pretty(coalesce(pg_relation_size(nullif(variant || '_click_id', 'no_index_click_id')), 0)) as index_size
from timing where round > 4 group by variant order by median_us_per_row;
drop schema clickidx cascade;
