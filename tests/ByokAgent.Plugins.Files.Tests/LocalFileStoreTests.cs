using System.Text;
using ByokAgent.Files;
using ByokAgent.Plugins.Files.Tests.TestSupport;

namespace ByokAgent.Plugins.Files.Tests;

public sealed class LocalFileStoreTests : IDisposable
{
    private const string Project = FileStoreSandbox.ProjectId;

    private readonly FileStoreSandbox _sandbox = FileStoreSandbox.Create(options =>
    {
        options.MaxReadChars = 100;
        options.MaxListEntries = 5;
        options.MaxSearchResults = 3;
    });

    private LocalFileStore Store => _sandbox.Store;

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task WriteAsync_CreatesFoldersAndFile_UnderTheProjectsDataFolder()
    {
        var entry = await WriteAsync("notes/todo.md", "# Todo\n");

        entry.Should().BeEquivalentTo(new { Path = "notes/todo.md", IsDirectory = false, Size = 7L, ContentType = "text/markdown" });
        entry.ModifiedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        File.ReadAllText(Path.Combine(_sandbox.DataDirectory, "projects", Project, "files", "notes", "todo.md")).Should().Be("# Todo\n");
    }

    [Fact]
    public async Task WriteAsync_Overwrites_AndLeavesNoTemporaryFile()
    {
        await WriteAsync("a.txt", "first version, longer");
        await WriteAsync("a.txt", "second");

        File.ReadAllText(_sandbox.InRoot("a.txt")).Should().Be("second");
        Directory.GetFiles(_sandbox.Root).Should().Equal(_sandbox.InRoot("a.txt"));
    }

    [Fact]
    public async Task WriteAsync_OverAFolder_IsRefused()
    {
        await WriteAsync("notes/todo.md", "x");

        var act = () => WriteAsync("notes", "y");

        (await act.Should().ThrowAsync<FileKindException>()).WithMessage("'notes' is a folder*");
        File.ReadAllText(_sandbox.InRoot("notes/todo.md")).Should().Be("x");
    }

    [Fact]
    public async Task WriteAsync_ThroughAFile_SaysTheFileIsInTheWay()
    {
        await WriteAsync("notes", "a file, not a folder");

        var act = () => WriteAsync("notes/todo.md", "y");

        (await act.Should().ThrowAsync<FileKindException>()).WithMessage("*a file is in the way*");
        File.ReadAllText(_sandbox.InRoot("notes")).Should().Be("a file, not a folder");
    }

    [Fact]
    public async Task BinaryFile_RoundTripsByteForByte_AndIsNotReadAsText()
    {
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        bytes[10] = 0;

        using (var content = new MemoryStream(bytes))
        {
            var entry = await Store.WriteAsync(Project, "img/shot.png", content);
            entry.Should().BeEquivalentTo(new { Size = 300_000L, ContentType = "image/png" });
        }

        await using (var read = await Store.OpenReadAsync(Project, "img/shot.png"))
        using (var copy = new MemoryStream())
        {
            await read.CopyToAsync(copy);
            copy.ToArray().Should().Equal(bytes);
        }

        var act = () => Store.ReadTextAsync(Project, "img/shot.png");
        var refused = (await act.Should().ThrowAsync<FileNotTextException>()).Which;
        refused.Entry.ContentType.Should().Be("image/png");
        refused.Message.Should().Be("'img/shot.png' is a binary file (image/png, 293 KB); it cannot be read as text.");
    }

    [Fact]
    public async Task ContentType_UnknownExtension_IsDecidedByContent()
    {
        await WriteAsync("Makefile", "all:\n\techo hi\n");
        using (var binary = new MemoryStream([1, 2, 0, 3]))
        {
            await Store.WriteAsync(Project, "blob.dat", binary);
        }

        (await Store.StatAsync(Project, "Makefile"))!.ContentType.Should().Be("text/plain");
        (await Store.StatAsync(Project, "blob.dat"))!.ContentType.Should().Be("application/octet-stream");
        (await Store.ReadTextAsync(Project, "Makefile")).Text.Should().StartWith("all:");
        await FluentActions.Awaiting(() => Store.ReadTextAsync(Project, "blob.dat")).Should().ThrowAsync<FileNotTextException>();
    }

    [Fact]
    public async Task UnicodeNames_WorkEverywhere_AndAreNormalizedToOneSpelling()
    {
        await WriteAsync("notes/日本語 ñ.md", "こんにちは");
        await WriteAsync("notes/cafe\u0301.txt", "decomposed spelling");

        (await Store.ReadTextAsync(Project, "notes/日本語 ñ.md")).Text.Should().Be("こんにちは");
        (await Store.ReadTextAsync(Project, "notes/caf\u00e9.txt")).Text.Should().Be("decomposed spelling", "NFD and NFC name the same file");
        var listing = await Store.ListAsync(Project, "notes");
        listing.Entries.Select(e => e.Path).Should().BeEquivalentTo("notes/caf\u00e9.txt", "notes/日本語 ñ.md");
        (await Store.SearchAsync(Project, "日本")).Hits.Should().ContainSingle().Which.Path.Should().Be("notes/日本語 ñ.md");
    }

    [Fact]
    public async Task ReadTextAsync_ReadsSlicesByOffset_UntilTheEnd()
    {
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => (char)('a' + (i % 26))));
        await WriteAsync("long.txt", text);

        var first = await Store.ReadTextAsync(Project, "long.txt", maxChars: 20);
        var second = await Store.ReadTextAsync(Project, "long.txt", first.NextOffset!.Value, 20);
        var last = await Store.ReadTextAsync(Project, "long.txt", second.NextOffset!.Value, 20);

        (first.Text, first.Offset, first.NextOffset).Should().Be((text[..20], 0L, 20L));
        (second.Text, second.NextOffset).Should().Be((text[20..40], 40L));
        (last.Text, last.NextOffset).Should().Be((text[40..], (long?)null));
        (await Store.ReadTextAsync(Project, "long.txt", 500)).Should().Match<FileText>(t => t.Text.Length == 0 && t.NextOffset == null);
    }

    [Fact]
    public async Task ReadTextAsync_IsCappedByTheStore_WhateverTheCallerAsks()
    {
        await WriteAsync("huge.txt", new string('x', 10_000));

        var slice = await Store.ReadTextAsync(Project, "huge.txt", maxChars: 1_000_000);

        slice.Text.Should().HaveLength(100);
        slice.NextOffset.Should().Be(100);
    }

    [Fact]
    public async Task ReadTextAsync_NeverSplitsASurrogatePair()
    {
        await WriteAsync("emoji.txt", new string('a', 19) + "😀" + "b");

        var first = await Store.ReadTextAsync(Project, "emoji.txt", maxChars: 20);
        var rest = await Store.ReadTextAsync(Project, "emoji.txt", first.NextOffset!.Value);

        first.Text.Should().Be(new string('a', 19));
        rest.Text.Should().Be("😀b");
    }

    [Fact]
    public async Task ReadTextAsync_MissingFileOrAFolder_SaysSo()
    {
        await WriteAsync("notes/a.md", "a");

        (await FluentActions.Awaiting(() => Store.ReadTextAsync(Project, "nope.md")).Should().ThrowAsync<FileNotFoundInProjectException>())
            .WithMessage("No file or folder 'nope.md'.");
        await FluentActions.Awaiting(() => Store.ReadTextAsync(Project, "notes")).Should().ThrowAsync<FileKindException>();
        await FluentActions.Awaiting(() => Store.OpenReadAsync(Project, "nope.md")).Should().ThrowAsync<FileNotFoundInProjectException>();
    }

    [Fact]
    public async Task AppendTextAsync_CreatesThenExtends()
    {
        await Store.AppendTextAsync(Project, "log/today.md", "one\n");
        var entry = await Store.AppendTextAsync(Project, "log/today.md", "two ✓\n");

        File.ReadAllText(_sandbox.InRoot("log/today.md")).Should().Be("one\ntwo ✓\n");
        entry.Size.Should().Be(Encoding.UTF8.GetByteCount("one\ntwo ✓\n"), "appended text is UTF-8 without a BOM");
    }

    [Fact]
    public async Task ListAsync_OneLevelOrRecursive_InNameOrder_WithFoldersBeforeTheirContent()
    {
        await WriteAsync("b.txt", "b");
        await WriteAsync("a/z.txt", "z");
        await WriteAsync("a/deep/y.txt", "y");

        var top = await Store.ListAsync(Project);
        var all = await Store.ListAsync(Project, recursive: true);

        top.Entries.Select(e => (e.Path, e.IsDirectory)).Should().Equal(("a", true), ("b.txt", false));
        all.Entries.Select(e => e.Path).Should().Equal("a", "a/deep", "a/deep/y.txt", "a/z.txt", "b.txt");
        all.Truncated.Should().BeFalse();
        all.Entries.Single(e => e.Path == "a").Should().Match<FileEntry>(e => e.Size == 0 && e.ContentType == null);
    }

    [Fact]
    public async Task ListAsync_StopsAtTheBound_AndSaysSo()
    {
        for (var i = 0; i < 7; i++)
        {
            await WriteAsync($"f{i}.txt", "x");
        }

        var listing = await Store.ListAsync(Project);

        listing.Entries.Should().HaveCount(5);
        listing.Truncated.Should().BeTrue();
    }

    [Fact]
    public async Task ListAsync_EmptyProject_IsEmpty_AndMissingFolderOrAFile_SaysSo()
    {
        (await Store.ListAsync("prj_new")).Should().BeEquivalentTo(new FileListing([], false));
        await WriteAsync("a.txt", "a");

        await FluentActions.Awaiting(() => Store.ListAsync(Project, "missing")).Should().ThrowAsync<FileNotFoundInProjectException>();
        await FluentActions.Awaiting(() => Store.ListAsync(Project, "a.txt")).Should().ThrowAsync<FileKindException>();
    }

    [Fact]
    public async Task TemporaryFilesOfWritesInFlight_AreHidden()
    {
        await WriteAsync("notes/todo.md", "todo");
        File.WriteAllText(_sandbox.InRoot("notes/.0123abcd.byok-tmp"), "half a write");

        (await Store.ListAsync(Project, recursive: true)).Entries.Select(e => e.Path).Should().Equal("notes", "notes/todo.md");
        (await Store.SearchAsync(Project, "half")).Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task StatAsync_FileFolderRootOrNothing()
    {
        await WriteAsync("notes/todo.md", "12345");

        (await Store.StatAsync(Project, "notes/todo.md")).Should().BeEquivalentTo(new { Path = "notes/todo.md", IsDirectory = false, Size = 5L });
        (await Store.StatAsync(Project, "notes/")).Should().BeEquivalentTo(new { Path = "notes", IsDirectory = true });
        (await Store.StatAsync(Project, "")).Should().BeEquivalentTo(new { Path = "", IsDirectory = true });
        (await Store.StatAsync(Project, "nope")).Should().BeNull();
    }

    [Fact]
    public async Task MoveAsync_RenamesFilesAndFolders_CreatingDestinationFolders()
    {
        await WriteAsync("notes/todo.md", "todo");
        await WriteAsync("drafts/a.md", "a");

        var moved = await Store.MoveAsync(Project, "notes/todo.md", "archive/2026/todo.md");
        await Store.MoveAsync(Project, "drafts", "archive/drafts");

        moved.Path.Should().Be("archive/2026/todo.md");
        File.ReadAllText(_sandbox.InRoot("archive/2026/todo.md")).Should().Be("todo");
        File.ReadAllText(_sandbox.InRoot("archive/drafts/a.md")).Should().Be("a");
        Path.Exists(_sandbox.InRoot("notes/todo.md")).Should().BeFalse();
        Path.Exists(_sandbox.InRoot("drafts")).Should().BeFalse();
    }

    [Fact]
    public async Task MoveAsync_ExistingDestination_ConflictsUnlessOverwriting()
    {
        await WriteAsync("a.txt", "a");
        await WriteAsync("b.txt", "b");

        (await FluentActions.Awaiting(() => Store.MoveAsync(Project, "a.txt", "b.txt")).Should().ThrowAsync<FileConflictException>())
            .WithMessage("'b.txt' exists already.");
        File.ReadAllText(_sandbox.InRoot("b.txt")).Should().Be("b");

        await Store.MoveAsync(Project, "a.txt", "b.txt", overwrite: true);
        File.ReadAllText(_sandbox.InRoot("b.txt")).Should().Be("a");

        await WriteAsync("folder/kept.txt", "kept");
        await FluentActions.Awaiting(() => Store.MoveAsync(Project, "b.txt", "folder", overwrite: true)).Should().ThrowAsync<FileKindException>().WithMessage("*overwriting replaces files only*");
        File.ReadAllText(_sandbox.InRoot("folder/kept.txt")).Should().Be("kept");
    }

    [Fact]
    public async Task MoveAsync_MissingSource_FolderIntoItself_OrTheRoot_AreRefused()
    {
        await WriteAsync("a/b.txt", "b");

        await FluentActions.Awaiting(() => Store.MoveAsync(Project, "nope", "x")).Should().ThrowAsync<FileNotFoundInProjectException>();
        await FluentActions.Awaiting(() => Store.MoveAsync(Project, "a", "a/inner")).Should().ThrowAsync<FileKindException>().WithMessage("*into itself*");
        await FluentActions.Awaiting(() => Store.MoveAsync(Project, "", "x")).Should().ThrowAsync<FileKindException>();
        await FluentActions.Awaiting(() => Store.MoveAsync(Project, "a/b.txt", "")).Should().ThrowAsync<FileKindException>();
        File.ReadAllText(_sandbox.InRoot("a/b.txt")).Should().Be("b");
    }

    [Fact]
    public async Task DeleteAsync_FileOrFolder_AndNothingThereIsFalse()
    {
        await WriteAsync("a.txt", "a");
        await WriteAsync("folder/x/y.txt", "y");

        (await Store.DeleteAsync(Project, "a.txt")).Should().BeTrue();
        (await Store.DeleteAsync(Project, "folder")).Should().BeTrue();
        (await Store.DeleteAsync(Project, "a.txt")).Should().BeFalse();
        Directory.EnumerateFileSystemEntries(_sandbox.Root).Should().BeEmpty();
        await FluentActions.Awaiting(() => Store.DeleteAsync(Project, "")).Should().ThrowAsync<FileKindException>();
    }

    [Fact]
    public async Task SearchAsync_FindsNamesAndLines_CaseInsensitive_SkippingBinaries()
    {
        await WriteAsync("notes/todo.md", "# Todo\n- buy MILK\n- call mom\n");
        await WriteAsync("milk-prices.csv", "store,price\n");
        using (var binary = new MemoryStream([.. "milk"u8, 0, 1]))
        {
            await Store.WriteAsync(Project, "data.bin", binary);
        }

        var result = await Store.SearchAsync(Project, "milk");

        result.Hits.Should().BeEquivalentTo([new FileSearchHit("milk-prices.csv", null, null), new FileSearchHit("notes/todo.md", 2, "- buy MILK")]);
        result.Truncated.Should().BeFalse();
        (await Store.SearchAsync(Project, "mom", "notes")).Hits.Should().ContainSingle().Which.Line.Should().Be(3);
    }

    [Fact]
    public async Task SearchAsync_StopsAtTheBound_AndSaysSo()
    {
        await WriteAsync("many.txt", string.Join('\n', Enumerable.Repeat("needle", 10)));

        var result = await Store.SearchAsync(Project, "needle");

        result.Hits.Should().HaveCount(3);
        result.Truncated.Should().BeTrue();
    }

    [Fact]
    public async Task SearchAsync_LongLine_IsCutAroundTheMatch()
    {
        await WriteAsync("long.txt", new string('a', 500) + "needle" + new string('b', 500));

        var hit = (await Store.SearchAsync(Project, "needle")).Hits.Single();

        hit.Text.Should().Contain("needle").And.StartWith("…").And.EndWith("…");
        hit.Text!.Length.Should().BeLessThanOrEqualTo(202);
    }

    private async Task<FileEntry> WriteAsync(string path, string text)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await Store.WriteAsync(Project, path, content);
    }
}
