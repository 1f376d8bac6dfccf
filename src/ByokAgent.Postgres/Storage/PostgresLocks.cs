namespace ByokAgent.Postgres.Storage;

/// <summary>The transaction-scoped advisory locks the stores take; ids are ASCII tags, so they read in <c>pg_locks</c>.</summary>
/// <remarks>Advisory locks are scoped to one database, so these serialize only the instances that share it.</remarks>
internal static class PostgresLocks
{
    /// <summary>"BYOKMIGR": held while migrating and checking the master key, so concurrent starts migrate once.</summary>
    public const long Migrations = 0x42594F4B4D494752;

    /// <summary>
    /// "BYOKDKEY": a master key rotation holds it exclusively; creating a project holds it shared while it wraps and
    /// inserts its data key, so no new project can slip in wrapped by the old master key.
    /// </summary>
    public const long DataKeys = 0x42594F4B444B4559;
}
