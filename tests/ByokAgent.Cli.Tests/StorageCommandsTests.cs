using ByokAgent.Testing;

namespace ByokAgent.Cli.Tests;

public sealed class StorageCommandsTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-cli-storage-").FullName;
    private FakeProvider _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task RotateMasterKey_RewritesTheKeyFile_AndTheStoreStillOpens()
    {
        await ByokAsync(["projects", "create", "alpha"]);
        var keyFile = Path.Combine(_dataDirectory, "master.key");
        var before = await File.ReadAllTextAsync(keyFile);

        var rotated = await ByokAsync(["rotate-master-key"]);

        rotated.ExitCode.Should().Be(0, rotated.StandardError);
        rotated.StandardOutput.Should().Contain("(1 project data keys re-wrapped)").And.Contain(keyFile);
        (await File.ReadAllTextAsync(keyFile)).Should().NotBe(before);
        File.GetUnixFileMode(keyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await ByokAsync(["projects", "list"])).StandardOutput.Should().Contain("alpha");
    }

    [Fact]
    public async Task Start_SweepsSessionsIdleLongerThanTheExpiry()
    {
        _fake.Enqueue(FakeReply.Text("stored"));
        var asked = await ByokAsync(["ask", "hello", "--provider", "openai-compatible", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m"]);
        asked.ExitCode.Should().Be(0, asked.StandardError);

        var expired = await ByokProcess.RunAsync(
            ["ask", "again", "--provider", "openai-compatible", "--api-host", _fake.OpenAIBaseUri.ToString(), "--model", "m", "--session", asked.SessionId!],
            new Dictionary<string, string> { ["ByokAgent__Storage__SessionIdleExpiry"] = "00:00:00.001" },
            dataDirectory: _dataDirectory);

        expired.ExitCode.Should().Be(2);
        expired.ErrorLines.Should().Equal($"error: No session {asked.SessionId} in this project.");
    }

    private Task<ByokResult> ByokAsync(string[] arguments) => ByokProcess.RunAsync(arguments, dataDirectory: _dataDirectory);
}
