using ByokAgent.Storage.Sqlite;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Storage;

/// <summary><c>ByokAgent:Storage:SqliteDurability</c> sets SQLite's <c>synchronous</c> on every connection the stores use.</summary>
public sealed class SqliteDurabilityTests
{
    [Theory]
    [InlineData(null, 1L)] // NORMAL by default
    [InlineData("Normal", 1L)]
    [InlineData("full", 2L)] // FULL
    public async Task EveryConnection_UsesTheConfiguredSynchronousMode(string? setting, long expected)
    {
        await using var host = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Storage:SqliteDurability"] = setting });
        var database = host.Services.GetRequiredService<SqliteDatabase>();

        await using var connection = await database.OpenAsync(CancellationToken.None);
        var synchronous = await connection.ScalarAsync("PRAGMA synchronous;", transaction: null, CancellationToken.None);
        var journal = await connection.ScalarAsync("PRAGMA journal_mode;", transaction: null, CancellationToken.None);

        synchronous.Should().Be(expected);
        journal.Should().Be("wal");
    }

    [Fact]
    public async Task AnUnknownMode_IsRefusedWithTheSettingsName()
    {
        await using var host = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Storage:SqliteDurability"] = "sometimes" });

        var act = () => host.Services.GetRequiredService<SqliteDatabase>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*SqliteDurability*");
    }
}
