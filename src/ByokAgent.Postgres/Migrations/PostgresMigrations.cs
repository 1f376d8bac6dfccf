using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ByokAgent.Postgres.Migrations;

/// <summary>The schema steps embedded in this assembly (<c>Migrations/NNNN_name.sql</c>), in version order.</summary>
internal static partial class PostgresMigrations
{
    private const string ResourcePrefix = "ByokAgent.Postgres.Migrations.";

    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<PostgresMigration> All { get; } = Load();

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => All[^1].Version;

    private static PostgresMigration[] Load()
    {
        var assembly = typeof(PostgresMigrations).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(m => m.Version)
            .ToArray();

        // A gap or duplicate is a packaging mistake that would otherwise surface as a half-migrated database.
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Embedded PostgreSQL migrations must be numbered 1, 2, 3...; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations.Length > 0 ? migrations : throw new InvalidOperationException("No PostgreSQL migrations are embedded.");
    }

    private static PostgresMigration Read(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..];
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration resource '{fileName}' is not named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new PostgresMigration(int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
