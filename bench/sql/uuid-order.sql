-- Random (v4) against time-ordered (v7) UUID primary keys, as the postback log and conversions
-- take them: two tables of 3,000,000 rows each, checkpointed, then 200,000 rows inserted into each
-- in statements of 2,000 (an attribution batch's size). Prints each insert's time and the WAL it
-- wrote. Postgres 15 has no uuidv7(): the SQL function below makes them (slower than
-- gen_random_uuid(), so the comparison is, if anything, unfair to v7). Takes a few minutes and
-- drops its schema at the end.
--   psql postgres://postgres@127.0.0.1:5432/clickledger -f bench/sql/uuid-order.sql
\timing off
drop schema if exists uuidt cascade; create schema uuidt; set search_path=uuidt;
create function uuid7() returns uuid as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send((extract(epoch from clock_timestamp())*1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$ language sql volatile;
create table r4 (id uuid primary key, received_at timestamptz, pad text);
create table r7 (id uuid primary key, received_at timestamptz, pad text);
insert into r4 select gen_random_uuid(), now(), repeat('x', 200) from generate_series(1, 3000000);
insert into r7 select uuid7(), now(), repeat('x', 200) from generate_series(1, 3000000);
vacuum analyze r4; vacuum analyze r7; checkpoint;
select pg_current_wal_lsn() as l0 \gset
\timing on
do $$ begin for i in 1..100 loop insert into uuidt.r4 select gen_random_uuid(), now(), repeat('x', 200) from generate_series(1, 2000); end loop; end $$;
\timing off
select pg_current_wal_lsn() as l1 \gset
select pg_size_pretty(pg_wal_lsn_diff(:'l1', :'l0')) as wal_v4;
checkpoint;
select pg_current_wal_lsn() as l2 \gset
\timing on
do $$ begin for i in 1..100 loop insert into uuidt.r7 select uuidt.uuid7(), now(), repeat('x', 200) from generate_series(1, 2000); end loop; end $$;
\timing off
select pg_current_wal_lsn() as l3 \gset
select pg_size_pretty(pg_wal_lsn_diff(:'l3', :'l2')) as wal_v7;
drop schema uuidt cascade;
