namespace Mik.Durable.Api.EventStore.Embedded;

internal static class ClusterOwnership
{
    /// <summary>
    /// Run in database <c>mik</c> as the superuser: gives role <c>mik</c> every schema, table, view, sequence,
    /// function and type there that the bootstrap superuser (role oid 10) owns, outside PostgreSQL's own schemas.
    /// That is everything an earlier mik created while its role was the bootstrap superuser; <c>REASSIGN OWNED</c>
    /// refuses that role. Sequences owned by a column and array types follow their table or element type.
    /// Finds nothing to do on a cluster made by this version.
    /// </summary>
    public const string GiveBootstrapObjectsToMik = """
        DO $$
        DECLARE
          r record;
        BEGIN
          FOR r IN SELECT n.nspname FROM pg_namespace n
                   WHERE n.nspowner = 10 AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
          LOOP
            EXECUTE format('ALTER SCHEMA %I OWNER TO mik', r.nspname);
          END LOOP;
          FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE c.relowner = 10 AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
                     AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                     AND NOT EXISTS (SELECT FROM pg_depend d
                                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
          LOOP
            EXECUTE format('ALTER %s %s OWNER TO mik',
              CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                             WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
          END LOOP;
          FOR r IN SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE p.proowner = 10 AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
          LOOP
            EXECUTE format('ALTER %s %s OWNER TO mik',
              CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.name);
          END LOOP;
          FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                   WHERE t.typowner = 10 AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
                     AND t.typtype IN ('c', 'd', 'e', 'r')
                     AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
                     AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)
          LOOP
            EXECUTE format('ALTER %s %s OWNER TO mik', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
          END LOOP;
        END
        $$
        """;
}
