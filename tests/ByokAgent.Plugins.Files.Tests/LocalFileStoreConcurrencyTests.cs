using ByokAgent.Files;
using ByokAgent.Plugins.Files.Tests.TestSupport;

namespace ByokAgent.Plugins.Files.Tests;

/// <summary>Concurrent writers never tear a file: the result is one writer's whole content, and readers see whole versions.</summary>
public sealed class LocalFileStoreConcurrencyTests : IDisposable
{
    private const string Project = FileStoreSandbox.ProjectId;
    private const string Target = "shared/report.bin";
    private const int Writers = 12;
    private const int Size = 200 * 1024;

    private readonly FileStoreSandbox _sandbox = FileStoreSandbox.Create();

    private LocalFileStore Store => _sandbox.Store;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task ConcurrentWriters_ToOneFile_LeaveExactlyOneWritersWholeContent_WhileReadersSeeWholeVersions()
    {
        await Store.WriteAsync(Project, Target, new MemoryStream(Filled((byte)'0')));
        var contents = Enumerable.Range(0, Writers).Select(i => Filled((byte)('A' + i))).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writers = Task.WhenAll(contents.Select(content => Task.Run(async () =>
        {
            await start.Task;
            await using var stream = new TricklingStream(content);
            await Store.WriteAsync(Project, Target, stream);
        })));
        var reader = Task.Run(async () =>
        {
            await start.Task;
            var versions = new List<byte[]>();
            do
            {
                await using var read = await Store.OpenReadAsync(Project, Target);
                using var copy = new MemoryStream();
                await read.CopyToAsync(copy);
                versions.Add(copy.ToArray());
            }
            while (!writers.IsCompleted);
            return versions;
        });
        start.SetResult();
        await writers;
        var seen = await reader;

        var final = File.ReadAllBytes(_sandbox.InRoot(Target));
        contents.Should().ContainSingle(content => Enumerable.SequenceEqual(content, final), "the last rename wins whole");
        seen.Should().NotBeEmpty().And.OnlyContain(version => version.Length == Size && version.All(b => b == version[0]), "a reader never sees a mix");
        Directory.GetFiles(Path.GetDirectoryName(_sandbox.InRoot(Target))!).Should().Equal(_sandbox.InRoot(Target));
    }

    [Fact]
    public async Task ConcurrentAppends_AreAllKept()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appenders = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            await Store.AppendTextAsync(Project, "log.md", $"line {i}\n");
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(appenders);

        File.ReadAllLines(_sandbox.InRoot("log.md")).Should().BeEquivalentTo(Enumerable.Range(0, 20).Select(i => $"line {i}"));
    }

    private static byte[] Filled(byte value) => Enumerable.Repeat(value, Size).ToArray();

    // Hands its bytes out in small pieces and yields between them, so the writers' copies truly interleave.
    private sealed class TricklingStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 8 * 1024)], cancellationToken);
        }
    }
}
