-- The conversion identity's unique index (click_id, event_type, dedupe_key) under the database's
-- collation, under a locale's (ICU's English, as a database created for en_US would compare) and
-- under COLLATE "C": what each costs per inserted row. Three copies of a million-row
-- conversions identity, then 24 rounds in which the same 3,000 random identities (an attribution
-- batch's size) are inserted into each copy with attribution's ON CONFLICT DO NOTHING, the order
-- rotating every round (the copies grow alike, by 72,000 rows in all). Prints the
-- median µs per row (the first four rounds left out as warm-up). Migration 1795469500000 made the
-- identity COLLATE "C" on these figures. Takes about a minute and drops its schema at the end.
--   psql postgres://postgres@127.0.0.1:5432/clickledger -f bench/sql/identity-collation.sql
\set ON_ERROR_STOP on
\timing off
set client_min_messages = warning;
drop schema if exists identitycoll cascade; create schema identitycoll; set search_path = identitycoll;
-- A click ID's shape: 26 characters, time-ordered prefix, random rest.
create function click_id() returns text language sql volatile as $$
  select '01K' || upper(substr(md5(random()::text), 1, 23))
$$;
create table database_collation (click_id char(26) not null, event_type varchar(32) not null,
                                 dedupe_key varchar(255) not null);
create unique index database_collation_identity on database_collation (click_id, event_type, dedupe_key);
create table c_collation (click_id char(26) collate "C" not null, event_type varchar(32) collate "C" not null,
                          dedupe_key varchar(255) collate "C" not null);
create unique index c_collation_identity on c_collation (click_id, event_type, dedupe_key);
create table english_collation (click_id char(26) collate "en-x-icu" not null,
                                event_type varchar(32) collate "en-x-icu" not null,
                                dedupe_key varchar(255) collate "en-x-icu" not null);
create unique index english_collation_identity on english_collation (click_id, event_type, dedupe_key);
insert into database_collation
  select click_id(), 'conversion', 'TX-' || i from generate_series(1, 1000000) i;
insert into c_collation select * from database_collation;
insert into english_collation select * from database_collation;
vacuum analyze; checkpoint;
create table timing (variant text, round int, us_per_row float8);
create table batch (click_id text, event_type text, dedupe_key text);
do $$
declare
  variants text[] := array['database_collation', 'c_collation', 'english_collation'];
  variant text;
  started timestamptz;
begin
  for round in 1..24 loop
    truncate identitycoll.batch;
    insert into identitycoll.batch
      select identitycoll.click_id(), 'conversion', 'NEW-' || round || '-' || i from generate_series(1, 3000) i;
    for i in 0..2 loop
      variant := variants[(round + i) % 3 + 1];
      started := clock_timestamp();
      execute format('insert into identitycoll.%I select * from identitycoll.batch on conflict do nothing', variant);
      insert into identitycoll.timing
        values (variant, round, extract(epoch from clock_timestamp() - started) * 1e6 / 3000);
    end loop;
  end loop;
end $$;
select variant, current_setting('lc_collate') as database_collation,
       round(percentile_cont(0.5) within group (order by us_per_row)::numeric, 2) as median_us_per_row,
       round(min(us_per_row)::numeric, 2) as min_us_per_row
from timing where round > 4 group by variant order by median_us_per_row;
drop schema identitycoll cascade;
