using ByokAgent.Files;
using ByokAgent.Plugins.Files.Tests.TestSupport;

namespace ByokAgent.Plugins.Files.Tests;

/// <summary>Quotas refuse with a clear message before anything changes, and leave no temporary file behind.</summary>
public sealed class LocalFileStoreQuotaTests : IDisposable
{
    private const string Project = FileStoreSandbox.ProjectId;

    private readonly FileStoreSandbox _sandbox = FileStoreSandbox.Create(options =>
    {
        options.MaxFileBytes = 1000;
        options.MaxProjectBytes = 2500;
    });

    private LocalFileStore Store => _sandbox.Store;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Write_OverTheFileQuota_IsRefusedBeforeWriting()
    {
        using var content = new MemoryStream(new byte[1001]);

        var refused = await FluentActions.Awaiting(() => Store.WriteAsync(Project, "big.bin", content)).Should().ThrowAsync<FileQuotaExceededException>();

        refused.WithMessage("'big.bin' would be 1001 B, over the limit of 1000 B per file. Nothing was changed.");
        ProjectFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Write_UnseekableStreamOverTheFileQuota_IsRefused_AndTheTemporaryFileRemoved()
    {
        await Store.WriteAsync(Project, "big.bin", new MemoryStream(new byte[10]));
        using var content = new UnseekableStream(new MemoryStream(new byte[5000]));

        var refused = await FluentActions.Awaiting(() => Store.WriteAsync(Project, "big.bin", content)).Should().ThrowAsync<FileQuotaExceededException>();

        refused.WithMessage("'big.bin' would be larger than the limit of 1000 B per file*");
        ProjectFiles().Should().Equal("big.bin");
        new FileInfo(_sandbox.InRoot("big.bin")).Length.Should().Be(10, "the old file is untouched");
    }

    [Fact]
    public async Task Write_OverTheProjectQuota_IsRefused_ButReplacingAFileCountsOnlyTheDifference()
    {
        await WriteBytesAsync("a.bin", 1000);
        await WriteBytesAsync("b.bin", 1000);

        var refused = await FluentActions.Awaiting(() => WriteBytesAsync("c.bin", 1000)).Should().ThrowAsync<FileQuotaExceededException>();
        await WriteBytesAsync("b.bin", 1000);
        await WriteBytesAsync("d.bin", 500);

        refused.WithMessage("Writing 'c.bin' would bring the project's files to 2.9 KB, over the project's limit of 2.4 KB. Nothing was changed*");
        ProjectFiles().Should().Equal("a.bin", "b.bin", "d.bin");
    }

    [Fact]
    public async Task RefusedWrites_LeaveNoFolderBehind_NotEvenANewProjectsOwn()
    {
        await WriteBytesAsync("a.bin", 2000 - 1000);
        await WriteBytesAsync("b.bin", 1000);
        var before = DirectorySnapshot.Take(_sandbox.BasePath);

        await FluentActions.Awaiting(() => WriteBytesAsync("new/deep/c.bin", 1000)).Should().ThrowAsync<FileQuotaExceededException>();
        await FluentActions.Awaiting(() => Store.WriteAsync("prj_fresh", "notes/big.bin", new UnseekableStream(new MemoryStream(new byte[5000]))))
            .Should().ThrowAsync<FileQuotaExceededException>();

        DirectorySnapshot.Take(_sandbox.BasePath).Should().Equal(before);
        Directory.Exists(Path.Combine(_sandbox.DataDirectory, "projects", "prj_fresh")).Should().BeFalse();
    }

    [Fact]
    public async Task Append_OverEitherQuota_IsRefused_AndTheFileKeepsItsContent()
    {
        await WriteBytesAsync("a.bin", 1000);
        await Store.AppendTextAsync(Project, "log.txt", new string('x', 900));

        await FluentActions.Awaiting(() => Store.AppendTextAsync(Project, "log.txt", new string('y', 101))).Should().ThrowAsync<FileQuotaExceededException>().WithMessage("*per file*");
        await WriteBytesAsync("b.bin", 600);
        await FluentActions.Awaiting(() => Store.AppendTextAsync(Project, "log.txt", new string('y', 100))).Should().ThrowAsync<FileQuotaExceededException>().WithMessage("*project's limit*");

        File.ReadAllText(_sandbox.InRoot("log.txt")).Should().Be(new string('x', 900));
        ProjectFiles().Should().Equal("a.bin", "b.bin", "log.txt");
    }

    [Fact]
    public async Task QuotaCounting_IgnoresFilesOutsideBehindLinks()
    {
        File.WriteAllBytes(Path.Combine(_sandbox.Outside, "huge.bin"), new byte[100_000]);
        Directory.CreateSymbolicLink(_sandbox.InRoot("shared"), _sandbox.Outside);

        await WriteBytesAsync("a.bin", 1000);

        ProjectFiles().Should().Contain("a.bin");
    }

    private async Task WriteBytesAsync(string path, int size)
    {
        using var content = new MemoryStream(new byte[size]);
        await Store.WriteAsync(Project, path, content);
    }

    // Every file under the root (temporary ones included), so a leftover would show.
    private string[] ProjectFiles() =>
        [.. Directory.EnumerateFiles(_sandbox.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(_sandbox.Root, f))
            .Where(f => !f.StartsWith("shared", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
