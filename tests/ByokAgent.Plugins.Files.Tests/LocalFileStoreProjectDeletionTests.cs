using ByokAgent.Files;
using ByokAgent.Plugins.Files.Tests.TestSupport;

namespace ByokAgent.Plugins.Files.Tests;

public sealed class LocalFileStoreProjectDeletionTests : IDisposable
{
    private readonly FileStoreSandbox _sandbox = FileStoreSandbox.Create();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task DeleteProjectAsync_RemovesEveryFileOfThatProjectOnly()
    {
        await _sandbox.WriteTextAsync("notes/todo.md", "mine");
        await _sandbox.WriteTextAsync("keep.md", "theirs", FileStoreSandbox.OtherProjectId);
        var before = _sandbox.SnapshotOutsideRoot();

        (await _sandbox.Store.DeleteProjectAsync(FileStoreSandbox.ProjectId)).Should().BeTrue();

        Directory.Exists(Path.GetDirectoryName(_sandbox.Root)).Should().BeFalse();
        var projectFolder = $"data/projects/{FileStoreSandbox.ProjectId}";
        _sandbox.SnapshotOutsideRoot().Should().BeEquivalentTo(
            before.Where(e => e.Key != projectFolder).ToDictionary(e => e.Key, e => e.Value),
            "other projects and files outside stay");
        (await _sandbox.Store.ListAsync(FileStoreSandbox.OtherProjectId)).Entries.Should().ContainSingle(e => e.Path == "keep.md");
    }

    [Fact]
    public async Task DeleteProjectAsync_ProjectWithoutFiles_IsFalse()
    {
        (await _sandbox.Store.DeleteProjectAsync("prj_0195bbbbbbbbbbbbbbbbbbbbbbbbbbbb")).Should().BeFalse();
    }

    [Fact]
    public async Task DeleteProjectAsync_UnsafeProjectId_IsRefused_AndNothingIsDeleted()
    {
        await _sandbox.WriteTextAsync("notes/todo.md", "mine");
        var before = _sandbox.SnapshotOutsideRoot();

        var act = () => _sandbox.Store.DeleteProjectAsync("..");

        await act.Should().ThrowAsync<FilePathException>();
        _sandbox.SnapshotOutsideRoot().Should().BeEquivalentTo(before);
        File.Exists(_sandbox.InRoot("notes/todo.md")).Should().BeTrue();
    }
}
