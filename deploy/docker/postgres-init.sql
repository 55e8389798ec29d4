-- Run once by the postgres image of docker-compose.yml on an empty volume: the same databases
-- and roles as deploy/local (each role named like its database, local-only password = name).
CREATE ROLE request_api LOGIN PASSWORD 'request_api';
CREATE DATABASE request_api OWNER request_api;
CREATE ROLE audit LOGIN PASSWORD 'audit';
CREATE DATABASE audit OWNER audit;
