using System.Text;
using ByokAgent.Files;
using ByokAgent.Plugins.Files.Tests.TestSupport;

namespace ByokAgent.Plugins.Files.Tests;

/// <summary>Every way out of a project's root is refused, with a clear message, and nothing outside it changes.</summary>
public sealed class LocalFileStoreSafetyTests : IDisposable
{
    private const string Project = FileStoreSandbox.ProjectId;

    private readonly FileStoreSandbox _sandbox = FileStoreSandbox.Create();

    private LocalFileStore Store => _sandbox.Store;

    public void Dispose() => _sandbox.Dispose();

    public static TheoryData<string, string> TraversalForms => new()
    {
        { "../outside/secret.txt", "goes up with '..'" },
        { "../../../../outside/secret.txt", "goes up with '..'" },
        { "notes/../../secret.txt", "goes up with '..'" },
        { "notes/./../../../byok.db", "goes up with '..'" },
        { "..", "goes up with '..'" },
        { "../" + FileStoreSandbox.OtherProjectId + "/files/secret.txt", "goes up with '..'" },
        { "/etc/passwd", "it is absolute" },
        { "//server/share/secret.txt", "it is absolute" },
        { "C:/Windows/win.ini", "drive letter" },
        { "c:secret.txt", "drive letter" },
        { "notes\\..\\..\\secret.txt", "backslash" },
        { "..\\secret.txt", "backslash" },
        { "secret.txt\0.md", "NUL character" },
        { "notes/\u0001bell.txt", "control character" },
        { "%2e%2e/secret.txt", "percent-encoded" },
        { "%2E%2E%2Fsecret.txt", "percent-encoded" },
        { "..%2fsecret.txt", "percent-encoded" },
        { "..%5csecret.txt", "percent-encoded" },
        { "%252e%252e/secret.txt", "percent-encoded" },
        { "%c0%ae%c0%ae/secret.txt", "percent-encoded" },
        { "notes/x" + ".byok-tmp", "reserved" },
    };

    [Theory]
    [MemberData(nameof(TraversalForms))]
    public async Task EveryOperation_RefusesTheForm_AndNothingOutsideChanges(string path, string reason)
    {
        await _sandbox.WriteTextAsync("notes/todo.md", "inside");
        var before = _sandbox.SnapshotOutsideRoot();

        foreach (var (operation, act) in Operations(path))
        {
            var refused = await act.Should().ThrowAsync<FilePathException>(operation);
            refused.Which.Message.Should().Contain("is refused").And.Contain(reason, operation);
        }

        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
        File.ReadAllText(_sandbox.InRoot("notes/todo.md")).Should().Be("inside");
    }

    [Fact]
    public async Task InvalidUnicode_IsRefused()
    {
        // Not theory data: xunit would repair the lone surrogate while serializing the case.
        var lone = "notes/a" + '\ud800' + "b.txt";
        var before = _sandbox.SnapshotOutsideRoot();

        foreach (var (operation, act) in Operations(lone))
        {
            (await act.Should().ThrowAsync<FilePathException>(operation)).WithMessage("*not valid Unicode*");
        }

        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
    }

    [Fact]
    public async Task AbsolutePathOfAFileOutside_IsRefused()
    {
        var before = _sandbox.SnapshotOutsideRoot();
        var outsideFile = Path.Combine(_sandbox.Outside, "secret.txt");

        foreach (var (operation, act) in Operations(outsideFile))
        {
            await act.Should().ThrowAsync<FilePathException>(operation);
        }

        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
    }

    [Fact]
    public async Task LinkedFileLeadingOutside_IsRefused_AndTheOutsideFileIsUntouched()
    {
        File.CreateSymbolicLink(_sandbox.InRoot("planted.txt"), Path.Combine(_sandbox.Outside, "secret.txt"));
        var before = _sandbox.SnapshotOutsideRoot();

        foreach (var (operation, act) in Operations("planted.txt"))
        {
            (await act.Should().ThrowAsync<FilePathException>(operation)).WithMessage("*symbolic link to outside the project's files*");
        }

        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
        File.ReadAllText(Path.Combine(_sandbox.Outside, "secret.txt")).Should().Be(FileStoreSandbox.OutsideSecret);
    }

    [Fact]
    public async Task LinkedFolderLeadingOutside_CannotBeReadListedOrWrittenThrough()
    {
        Directory.CreateSymbolicLink(_sandbox.InRoot("shared"), Path.Combine(_sandbox.Outside, "dir"));
        var before = _sandbox.SnapshotOutsideRoot();

        foreach (var (operation, act) in Operations("shared/inner.txt").Concat(Operations("shared/new.txt")).Concat(Operations("shared/made/deep.txt")))
        {
            await act.Should().ThrowAsync<FilePathException>(operation);
        }

        await FluentActions.Awaiting(() => Store.ListAsync(Project, "shared")).Should().ThrowAsync<FilePathException>();
        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
        Path.Exists(Path.Combine(_sandbox.Outside, "dir", "made")).Should().BeFalse("no folder is created through the link");
    }

    [Fact]
    public async Task LinksLeadingOutside_AreInvisibleToListingAndSearch()
    {
        await _sandbox.WriteTextAsync("mine.txt", "mine");
        Directory.CreateSymbolicLink(_sandbox.InRoot("shared"), _sandbox.Outside);
        File.CreateSymbolicLink(_sandbox.InRoot("planted.txt"), Path.Combine(_sandbox.Outside, "secret.txt"));

        var listing = await Store.ListAsync(Project, recursive: true);
        var search = await Store.SearchAsync(Project, "secret");

        listing.Entries.Select(e => e.Path).Should().Equal("mine.txt");
        search.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task LinkWhoseTextLooksInside_ButLeadsOutsidePhysically_IsRefused()
    {
        // "hop/../secret.txt" reads as the root's own secret.txt, but hop leads to outside/dir, so the kernel opens outside/secret.txt.
        await _sandbox.WriteTextAsync("secret.txt", "the project's own");
        Directory.CreateSymbolicLink(_sandbox.InRoot("hop"), Path.Combine(_sandbox.Outside, "dir"));
        File.CreateSymbolicLink(_sandbox.InRoot("trick.txt"), "hop/../secret.txt");

        await FluentActions.Awaiting(() => Store.ReadTextAsync(Project, "trick.txt")).Should().ThrowAsync<FilePathException>();
        await FluentActions.Awaiting(() => _sandbox.WriteTextAsync("trick.txt", "overwrite")).Should().ThrowAsync<FilePathException>();
        File.ReadAllText(Path.Combine(_sandbox.Outside, "secret.txt")).Should().Be(FileStoreSandbox.OutsideSecret);
    }

    [Fact]
    public async Task LinkLeadingInside_IsFollowed_AndDeletingItRemovesOnlyTheLink()
    {
        await _sandbox.WriteTextAsync("real/notes.md", "real notes");
        File.CreateSymbolicLink(_sandbox.InRoot("alias.md"), "real/notes.md");

        (await Store.ReadTextAsync(Project, "alias.md")).Text.Should().Be("real notes");
        (await Store.DeleteAsync(Project, "alias.md")).Should().BeTrue();

        File.ReadAllText(_sandbox.InRoot("real/notes.md")).Should().Be("real notes");
        Path.Exists(_sandbox.InRoot("alias.md")).Should().BeFalse();
    }

    [Fact]
    public async Task LinkLoop_IsRefused_AndHiddenFromListings()
    {
        File.CreateSymbolicLink(_sandbox.InRoot("loop"), "loop");

        (await FluentActions.Awaiting(() => Store.ReadTextAsync(Project, "loop/x")).Should().ThrowAsync<FilePathException>()).WithMessage("*loop*");
        (await Store.ListAsync(Project)).Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task DeletingAFolder_WithALinkToOutsideInIt_LeavesTheOutsideIntact()
    {
        await _sandbox.WriteTextAsync("box/mine.txt", "mine");
        Directory.CreateSymbolicLink(_sandbox.InRoot("box/shared"), _sandbox.Outside);
        var before = _sandbox.SnapshotOutsideRoot();

        (await Store.DeleteAsync(Project, "box")).Should().BeTrue();

        Path.Exists(_sandbox.InRoot("box")).Should().BeFalse();
        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
    }

    [Fact]
    public async Task AProject_NeverSeesAnotherProjectsFiles()
    {
        await _sandbox.WriteTextAsync("mine.txt", "project A");

        var other = await Store.ListAsync(FileStoreSandbox.OtherProjectId, recursive: true);
        var mine = await Store.ListAsync(Project, recursive: true);

        other.Entries.Select(e => e.Path).Should().Equal("secret.txt");
        mine.Entries.Select(e => e.Path).Should().Equal("mine.txt");
        (await Store.StatAsync(Project, "secret.txt")).Should().BeNull();
        (await Store.SearchAsync(Project, "secret")).Hits.Should().BeEmpty();
    }

    [Theory]
    [InlineData("../prj_x")]
    [InlineData("prj_a/../prj_b")]
    [InlineData("/tmp")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("prj a")]
    [InlineData("prj_%2e%2e")]
    public async Task UnsafeProjectIds_AreRefused_AndCreateNothing(string projectId)
    {
        var before = DirectorySnapshot.Take(_sandbox.BasePath);

        (await FluentActions.Awaiting(() => Store.ListAsync(projectId)).Should().ThrowAsync<FilePathException>()).WithMessage("*not a valid project id*");
        await FluentActions.Awaiting(() => _sandbox.WriteTextAsync("a.txt", "x", projectId)).Should().ThrowAsync<FilePathException>();

        DirectorySnapshot.Take(_sandbox.BasePath).Should().Equal(before);
    }

    [Fact]
    public async Task ProjectFolderReplacedByALinkToOutside_IsRefused()
    {
        const string Linked = "prj_linked";
        Directory.CreateDirectory(Path.Combine(_sandbox.DataDirectory, "projects", Linked));
        Directory.CreateSymbolicLink(_sandbox.ProjectRoot(Linked), _sandbox.Outside);
        var before = _sandbox.SnapshotOutsideRoot();

        await FluentActions.Awaiting(() => Store.ListAsync(Linked)).Should().ThrowAsync<FilePathException>().WithMessage("*symbolic link*");
        await FluentActions.Awaiting(() => _sandbox.WriteTextAsync("secret.txt", "overwrite", Linked)).Should().ThrowAsync<FilePathException>();

        _sandbox.SnapshotOutsideRoot().Should().Equal(before);
    }

    // Each public operation the path could be given to, named for the assertion messages.
    private IEnumerable<(string Operation, Func<Task> Act)> Operations(string path) =>
    [
        ("list", () => Store.ListAsync(Project, path, recursive: true)),
        ("stat", () => Store.StatAsync(Project, path)),
        ("read", () => Store.ReadTextAsync(Project, path)),
        ("open", async () => await (await Store.OpenReadAsync(Project, path)).DisposeAsync()),
        ("write", () => Store.WriteAsync(Project, path, new MemoryStream(Encoding.UTF8.GetBytes("pwned")))),
        ("append", () => Store.AppendTextAsync(Project, path, "pwned")),
        ("delete", () => Store.DeleteAsync(Project, path)),
        ("move from", () => Store.MoveAsync(Project, path, "moved.txt", overwrite: true)),
        ("move to", () => Store.MoveAsync(Project, "notes/todo.md", path, overwrite: true)),
        ("search in", () => Store.SearchAsync(Project, "secret", path)),
    ];
}
