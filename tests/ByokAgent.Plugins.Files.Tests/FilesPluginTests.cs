using ByokAgent.Plugins.Files.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;

namespace ByokAgent.Plugins.Files.Tests;

/// <summary>The tools' results read well for a model, and every refusal comes back as text, never as an exception.</summary>
public sealed class FilesPluginTests : IDisposable
{
    private readonly FileStoreSandbox _sandbox = FileStoreSandbox.Create(options =>
    {
        options.MaxFileBytes = 1000;
        options.MaxReadChars = 30;
        options.MaxListEntries = 2;
    });

    private readonly FilesPlugin _plugin;

    public FilesPluginTests() =>
        _plugin = new FilesPlugin(_sandbox.Store, FileStoreSandbox.ProjectId, _sandbox.Options, NullLogger<FilesPlugin>.Instance);

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Functions_HaveTheIssuesNames_AndDescriptions()
    {
        var plugin = KernelPluginFactory.CreateFromObject(new FileToolFunctions(), FilesPluginRegistration.Name);

        plugin.Select(f => f.Name).Should().BeEquivalentTo(
            "list_files", "read_file", "write_file", "append_file", "delete_file", "move_file", "search_files", "file_info");
        plugin.Should().OnlyContain(f => f.Description.Length > 20);
        plugin["read_file"].Metadata.Parameters.Select(p => p.Name).Should().Equal("path", "offset", "maxChars");
    }

    [Fact]
    public async Task WriteAppendReadInfo_ReadWell()
    {
        (await _plugin.WriteFileAsync("notes/todo.md", "# Todo\n")).Should().Be("Wrote 'notes/todo.md' (7 B).");
        (await _plugin.AppendFileAsync("notes/todo.md", "- milk\n")).Should().Be("Appended 7 B to 'notes/todo.md' (now 14 B).");
        (await _plugin.ReadFileAsync("notes/todo.md")).Should().Be("# Todo\n- milk\n");
        (await _plugin.FileInfoAsync("notes/todo.md")).Should().MatchRegex(@"^notes/todo\.md  \(text/markdown, 14 B, modified \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$");
        (await _plugin.FileInfoAsync("notes")).Should().StartWith("notes/  (folder, modified ");
        (await _plugin.FileInfoAsync("missing.md")).Should().Be("Nothing at 'missing.md'.");
    }

    [Fact]
    public async Task ReadFile_LongText_SaysWhereTheNextSliceStarts()
    {
        await _plugin.WriteFileAsync("long.txt", new string('x', 45));

        var first = await _plugin.ReadFileAsync("long.txt");
        var rest = await _plugin.ReadFileAsync("long.txt", offset: 30);

        first.Should().Be(new string('x', 30) + "\n\n[Characters 0-30 of 'long.txt'; more follows: call files_read_file with offset=30.]");
        rest.Should().Be(new string('x', 15));
    }

    [Fact]
    public async Task ReadFile_BinaryOrEmpty_IsDescribed()
    {
        await _sandbox.Store.WriteAsync(FileStoreSandbox.ProjectId, "shots/page 1.png", new MemoryStream([0x89, 0x50, 0x4E, 0x47, 0]));
        await _plugin.WriteFileAsync("empty.txt", "");

        (await _plugin.ReadFileAsync("shots/page 1.png")).Should().MatchRegex(
            @"^'shots/page 1\.png' is a binary file \(image/png, 5 B, modified .+ UTC\); it cannot be shown as text\. Download: /v1/files/shots/page%201\.png$");
        (await _plugin.ReadFileAsync("empty.txt")).Should().Be("'empty.txt' is empty.");
    }

    [Fact]
    public async Task ListFiles_ShowsEntries_AndTheBound()
    {
        (await _plugin.ListFilesAsync()).Should().Be("The project has no files yet.");
        await _plugin.WriteFileAsync("notes/a.md", "a");
        await _plugin.WriteFileAsync("notes/b.md", "b");
        await _plugin.WriteFileAsync("notes/c.md", "c");

        var listing = await _plugin.ListFilesAsync("notes");

        listing.Split('\n').Should().SatisfyRespectively(
            header => header.Should().Be("notes/ (2+ entries):"),
            a => a.Should().StartWith("notes/a.md  (text/markdown, 1 B, modified "),
            b => b.Should().StartWith("notes/b.md  (text/markdown, 1 B, modified "),
            footer => footer.Should().Be("[Stopped at 2 entries; list a subfolder to see more.]"));
    }

    [Fact]
    public async Task SearchMoveDelete_ReadWell()
    {
        await _plugin.WriteFileAsync("notes/todo.md", "# Todo\n- buy milk\n");

        (await _plugin.SearchFilesAsync("MILK")).Should().Be("1 matches for 'MILK':\nnotes/todo.md:2: - buy milk");
        (await _plugin.SearchFilesAsync("absent")).Should().Be("No file name or line contains 'absent'.");
        (await _plugin.SearchFilesAsync(" ")).Should().Be("Give a non-empty query to search for.");
        (await _plugin.MoveFileAsync("notes/todo.md", "done/todo.md")).Should().Be("Moved 'notes/todo.md' to 'done/todo.md'.");
        (await _plugin.DeleteFileAsync("done/todo.md")).Should().Be("Deleted 'done/todo.md'.");
        (await _plugin.DeleteFileAsync("done")).Should().Be("Deleted the folder 'done' and everything in it.");
        (await _plugin.DeleteFileAsync("done")).Should().Be("Nothing to delete at 'done'.");
    }

    [Fact]
    public async Task Refusals_ComeBackAsText_AndChangeNothingOutside()
    {
        await _plugin.WriteFileAsync("a.txt", "a");
        var before = _sandbox.SnapshotOutsideRoot();

        (await _plugin.ReadFileAsync("../outside/secret.txt")).Should().Be("The path '../outside/secret.txt' is refused: it goes up with '..'; paths stay inside the project's files.");
        (await _plugin.WriteFileAsync("/etc/passwd", "x")).Should().StartWith("The path '/etc/passwd' is refused: it is absolute");
        (await _plugin.WriteFileAsync("big.txt", new string('x', 2000))).Should().Be("'big.txt' would be 2 KB, over the limit of 1000 B per file. Nothing was changed.");
        (await _plugin.MoveFileAsync("missing", "b.txt")).Should().Be("No file or folder 'missing'.");
        (await _plugin.MoveFileAsync("a.txt", "a.txt/b")).Should().Contain("a file is in the way");
        (await _plugin.ReadFileAsync("a.txt", offset: -1)).Should().StartWith("Invalid argument:");

        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
    }
}
