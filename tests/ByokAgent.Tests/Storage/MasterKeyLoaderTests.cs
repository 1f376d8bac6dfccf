using ByokAgent.Security;

namespace ByokAgent.Tests.Storage;

public sealed class MasterKeyLoaderTests : IDisposable
{
    private readonly string _directory = SqliteTestStorage.NewDataDirectory();

    private string KeyFile => Path.Combine(_directory, "master.key");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Load_FromTheEnvironment_UsesThatKey_AndWritesNoFile()
    {
        var key = MasterKey.Generate();

        var ring = MasterKeyLoader.Load(_directory, key.ToBase64());

        ring.Current.ToBase64().Should().Be(key.ToBase64());
        ring.Source.FromEnvironment.Should().BeTrue();
        ring.Source.Description.Should().Be("BYOK_MASTER_KEY");
        File.Exists(KeyFile).Should().BeFalse();
    }

    [Theory]
    [InlineData("not base64 at all!", "not valid base64")]
    [InlineData("c2hvcnQ=", "must be 32 bytes")]
    public void Load_MalformedEnvironmentKey_IsAClearError_WithoutTheValue(string value, string reason)
    {
        var act = () => MasterKeyLoader.Load(_directory, value);

        var message = act.Should().Throw<MasterKeyException>().Which.Message;
        message.Should().StartWith("BYOK_MASTER_KEY is malformed").And.Contain(reason).And.NotContain(value);
        File.Exists(KeyFile).Should().BeFalse("a malformed variable must not silently fall back to a new key file");
    }

    [Fact]
    public void Load_FirstRunWithoutTheVariable_CreatesAKeyFileOnlyTheOwnerCanRead()
    {
        var ring = MasterKeyLoader.Load(_directory, environmentValue: null);

        ring.Source.Should().Be(new MasterKeySource(FromEnvironment: false, KeyFile));
        File.ReadAllText(KeyFile).Trim().Should().Be(ring.Current.ToBase64());
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(KeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(_directory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.GetFiles(_directory).Should().Equal(KeyFile);
    }

    [Fact]
    public void Load_SecondRun_ReadsTheSameKey()
    {
        var first = MasterKeyLoader.Load(_directory, environmentValue: null);

        var second = MasterKeyLoader.Load(_directory, environmentValue: null);

        second.Current.ToBase64().Should().Be(first.Current.ToBase64());
    }

    [Fact]
    public void Load_ManyProcessesAtFirstRun_AllGetTheOneKeyOnDisk()
    {
        var rings = Enumerable.Range(0, 8).AsParallel().Select(_ => MasterKeyLoader.Load(_directory, environmentValue: null)).ToList();

        rings.Select(r => r.Current.ToBase64()).Distinct().Should().Equal(File.ReadAllText(KeyFile).Trim());
        Directory.GetFiles(_directory).Should().Equal(KeyFile);
    }

    [Fact]
    public void Load_KeyFileReadableByOthers_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only.
        }

        MasterKeyLoader.Load(_directory, environmentValue: null);
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var act = () => MasterKeyLoader.Load(_directory, environmentValue: null);

        act.Should().Throw<MasterKeyException>().Which.Message.Should().Contain("accessible to other users (mode 0644)").And.Contain($"chmod 600 {KeyFile}");
    }

    [Fact]
    public void Load_MalformedKeyFile_IsAClearError()
    {
        MasterKeyLoader.CreateDataDirectory(_directory);
        File.WriteAllText(KeyFile, "Z2FyYmFnZQ==", System.Text.Encoding.ASCII);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var act = () => MasterKeyLoader.Load(_directory, environmentValue: null);

        act.Should().Throw<MasterKeyException>().Which.Message.Should().Be($"The master key file {KeyFile} is malformed: The master key must be 32 bytes (base64 of 32 random bytes); it is 7.");
    }

    [Fact]
    public void MasterKey_ToString_HidesTheKey()
    {
        var key = MasterKey.Generate();

        key.ToString().Should().NotContain(key.ToBase64());
    }
}
