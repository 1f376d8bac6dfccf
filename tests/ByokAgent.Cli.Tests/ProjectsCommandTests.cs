namespace ByokAgent.Cli.Tests;

public sealed class ProjectsCommandTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-cli-projects-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Create_PrintsTheKeyOnce_AndListShowsTheProjectWithoutIt()
    {
        var created = await ByokAsync("projects", "create", "acme");

        created.ExitCode.Should().Be(0, created.StandardError);
        var key = created.StandardOutput.Trim();
        key.Should().MatchRegex("^sk-byok_[0-9A-Za-z]{43,}$");
        created.StandardError.Should().Contain("not shown again");

        var listed = await ByokAsync("projects", "list");
        listed.StandardOutput.Should().Contain("acme").And.NotContain(key);
    }

    [Fact]
    public async Task RotateKey_PrintsANewKey()
    {
        var first = (await ByokAsync("projects", "create", "rotating")).StandardOutput.Trim();

        var rotated = await ByokAsync("projects", "rotate-key", "rotating");

        rotated.ExitCode.Should().Be(0, rotated.StandardError);
        rotated.StandardOutput.Trim().Should().StartWith("sk-byok_").And.NotBe(first);
    }

    [Fact]
    public async Task Create_DuplicateName_FailsWithOneLine()
    {
        await ByokAsync("projects", "create", "twice");

        var again = await ByokAsync("projects", "create", "TWICE");

        again.ExitCode.Should().Be(2);
        again.ErrorLines.Should().ContainSingle().Which.Should().Contain("exists already");
    }

    [Fact]
    public async Task Delete_NotInteractiveWithoutYes_IsRefused_AndWithYesDeletes()
    {
        await ByokAsync("projects", "create", "doomed");

        var refused = await ByokAsync("projects", "delete", "doomed");
        refused.ExitCode.Should().Be(2);
        (await ByokAsync("projects", "list")).StandardOutput.Should().Contain("doomed");

        var deleted = await ByokAsync("projects", "delete", "doomed", "--yes");
        deleted.ExitCode.Should().Be(0, deleted.StandardError);
        (await ByokAsync("projects", "list")).StandardOutput.Should().NotContain("doomed");
    }

    [Theory]
    [InlineData(" ", "A project name cannot be empty.")]
    [InlineData("bad\u0007name", "A project name has at most 100 characters and no control characters.")]
    public async Task Create_InvalidName_FailsWithOneLine(string name, string expected)
    {
        var result = await ByokAsync("projects", "create", name);

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().Equal($"error: {expected}");
    }

    [Fact]
    public async Task Rename_UnknownProject_SaysSo()
    {
        var result = await ByokAsync("projects", "rename", "ghost", "spirit");

        result.ExitCode.Should().Be(2);
        result.ErrorLines.Should().Equal("error: No project 'ghost'.");
    }

    [Fact]
    public async Task Start_WithAWrongMasterKey_FailsWithOneClearLine()
    {
        await ByokAsync("projects", "create", "keyed");

        var wrongKey = Convert.ToBase64String(new byte[32]);
        var result = await ByokProcess.RunAsync(["projects", "list"], new Dictionary<string, string> { ["BYOK_MASTER_KEY"] = wrongKey }, dataDirectory: _dataDirectory);

        result.ExitCode.Should().Be(1);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("master key does not match this database").And.NotContain(wrongKey);
    }

    private Task<ByokResult> ByokAsync(params string[] arguments) => ByokProcess.RunAsync(arguments, dataDirectory: _dataDirectory);
}
