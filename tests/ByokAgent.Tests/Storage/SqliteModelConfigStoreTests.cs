using ByokAgent.Security;
using ByokAgent.Testing.Contracts;

namespace ByokAgent.Tests.Storage;

/// <summary>The model config store contract against a real SQLite file, plus tampering only raw access can do.</summary>
public sealed class SqliteModelConfigStoreTests : ModelConfigStoreContract
{
    private SqliteTestStorage? _sqlite;

    private SqliteTestStorage Sqlite => _sqlite!;

    [Fact]
    public async Task CiphertextCopiedToAnotherConfig_FailsToDecrypt()
    {
        var project = (await Sqlite.Projects.CreateAsync("alpha")).Project;
        var victim = await Sqlite.ModelConfigs.AddAsync(project.Id, OpenAIConfig("sk-victim-0123456789"), makeDefault: true);
        var attacker = await Sqlite.ModelConfigs.AddAsync(project.Id, OpenAIConfig("sk-attacker-0123456789"), makeDefault: false);

        await CopyApiKeyAsync(from: victim.Id, to: attacker.Id);

        var act = () => Sqlite.ModelConfigs.GetAsync(project.Id, attacker.Id);
        await act.Should().ThrowAsync<SecretDecryptionException>();
        (await Sqlite.ModelConfigs.GetAsync(project.Id, victim.Id))!.ApiKey.Should().Be("sk-victim-0123456789");
    }

    [Fact]
    public async Task CiphertextCopiedToAnotherProjectsConfig_FailsToDecrypt()
    {
        var owner = (await Sqlite.Projects.CreateAsync("owner")).Project;
        var other = (await Sqlite.Projects.CreateAsync("other")).Project;
        var victim = await Sqlite.ModelConfigs.AddAsync(owner.Id, OpenAIConfig("sk-victim-0123456789"), makeDefault: true);
        var attacker = await Sqlite.ModelConfigs.AddAsync(other.Id, OpenAIConfig("sk-attacker-0123456789"), makeDefault: true);

        await CopyApiKeyAsync(from: victim.Id, to: attacker.Id);

        await FluentActions.Invoking(() => Sqlite.ModelConfigs.GetDefaultAsync(other.Id)).Should().ThrowAsync<SecretDecryptionException>();
    }

    [Fact]
    public async Task SecretExtraMovedToTheApiKeyField_FailsToDecrypt()
    {
        var project = (await Sqlite.Projects.CreateAsync("alpha")).Project;
        var entry = await Sqlite.ModelConfigs.AddAsync(project.Id, BedrockConfig(), makeDefault: true);

        await Sqlite.ExecuteAsync(
            "UPDATE model_configs SET encrypted_api_key = json_extract(encrypted_extras, '$.secret_access_key') WHERE id = $id;", ("$id", entry.Id));

        await FluentActions.Invoking(() => Sqlite.ModelConfigs.GetAsync(project.Id, entry.Id)).Should().ThrowAsync<SecretDecryptionException>();
    }

    [Fact]
    public async Task WrappedDataKeyCopiedToAnotherProject_FailsToUnwrap()
    {
        var owner = (await Sqlite.Projects.CreateAsync("owner")).Project;
        var other = (await Sqlite.Projects.CreateAsync("other")).Project;
        var entry = await Sqlite.ModelConfigs.AddAsync(other.Id, OpenAIConfig(), makeDefault: true);

        await Sqlite.ExecuteAsync(
            "UPDATE projects SET wrapped_data_key = (SELECT wrapped_data_key FROM projects WHERE id = $owner) WHERE id = $other;", ("$owner", owner.Id), ("$other", other.Id));

        await FluentActions.Invoking(() => Sqlite.ModelConfigs.GetAsync(other.Id, entry.Id)).Should().ThrowAsync<SecretDecryptionException>();
    }

    [Fact]
    public async Task StoredRow_HoldsCiphertextsWithTheVersionPrefix()
    {
        var project = (await Sqlite.Projects.CreateAsync("alpha")).Project;
        var entry = await Sqlite.ModelConfigs.AddAsync(project.Id, BedrockConfig(), makeDefault: true);

        var apiKey = (string?)await Sqlite.ScalarAsync("SELECT encrypted_api_key FROM model_configs WHERE id = $id;", ("$id", entry.Id));
        var extras = (string?)await Sqlite.ScalarAsync("SELECT extras FROM model_configs WHERE id = $id;", ("$id", entry.Id));
        var secretExtras = (string?)await Sqlite.ScalarAsync("SELECT encrypted_extras FROM model_configs WHERE id = $id;", ("$id", entry.Id));

        apiKey.Should().StartWith("v1:");
        extras.Should().Contain("eu-west-1").And.NotContain("secret_access_key");
        secretExtras.Should().Contain("\"secret_access_key\":\"v1:").And.Contain("\"session_token\":\"v1:");
    }

    protected override async Task<StoreFixture> CreateStoresAsync(TimeProvider clock)
    {
        _sqlite = SqliteTestStorage.Create(clock);
        await _sqlite.Database.InitializeAsync();
        return _sqlite.ToFixture();
    }

    private Task<int> CopyApiKeyAsync(string from, string to) =>
        Sqlite.ExecuteAsync(
            "UPDATE model_configs SET encrypted_api_key = (SELECT encrypted_api_key FROM model_configs WHERE id = $from) WHERE id = $to;", ("$from", from), ("$to", to));
}
