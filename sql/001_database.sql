-- The database every Nudge table lives in.
CREATE DATABASE IF NOT EXISTS nudge;
