namespace ByokAgent.Postgres.Migrations;

/// <summary>One forward-only schema step: the SQL of <c>Migrations/NNNN_name.sql</c>, applied once, in version order.</summary>
/// <param name="Version">The number in the file name; versions only grow.</param>
/// <param name="Name">The rest of the file name, for the <c>schema_migrations</c> table and logs.</param>
/// <param name="Sql">The statements, run in the migration transaction.</param>
internal sealed record PostgresMigration(int Version, string Name, string Sql);
