using System.Text;
using ByokAgent.Projects;
using ByokAgent.Sessions;
using FluentAssertions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>The behaviour every <see cref="IProjectStore"/> must have; a backend's tests derive this class.</summary>
public abstract class ProjectStoreContract : StoreContract
{
    [Fact]
    public async Task Create_ReturnsTheProjectAndItsKey_ShownOnce()
    {
        var created = await Projects.CreateAsync("  Alpha  ");

        created.Project.Id.Should().StartWith("prj_");
        created.Project.Name.Should().Be("Alpha");
        created.Project.CreatedAt.Should().Be(Clock.GetUtcNow());
        created.ApiKey.Should().MatchRegex("^sk-byok_[0-9A-Za-z]{43,}$", "a key is sk-byok_ + base62 of at least 32 random bytes");
        created.ToString().Should().NotContain(created.ApiKey);
        (await Projects.GetAsync(created.Project.Id)).Should().Be(created.Project);
    }

    [Fact]
    public async Task Create_EveryKeyIsNew()
    {
        var keys = new List<string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            keys.Add((await Projects.CreateAsync(name)).ApiKey);
        }

        keys.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Create_NameInUseIgnoringCase_ThrowsNameTaken()
    {
        await Projects.CreateAsync("Alpha");

        var act = () => Projects.CreateAsync("ALPHA");

        await act.Should().ThrowAsync<ProjectNameTakenException>();
        (await Projects.ListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task List_OldestFirst()
    {
        var first = await NewProjectAsync("zulu");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await NewProjectAsync("alpha");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await NewProjectAsync("mike");

        (await Projects.ListAsync()).Should().Equal(first, second, third);
    }

    [Fact]
    public async Task Find_ByNameIgnoringCase_OrById()
    {
        var project = await NewProjectAsync("Research");

        (await Projects.FindAsync("research")).Should().Be(project);
        (await Projects.FindAsync("RESEARCH")).Should().Be(project);
        (await Projects.FindAsync(project.Id)).Should().Be(project);
        (await Projects.FindAsync("nothing")).Should().BeNull();
        (await Projects.GetAsync("prj_missing")).Should().BeNull();
    }

    [Fact]
    public async Task Rename_ChangesTheName_UnlessItIsTaken()
    {
        var alpha = await NewProjectAsync("alpha");
        await NewProjectAsync("beta");

        (await Projects.RenameAsync(alpha.Id, "Alpha Prime")).Should().Be(alpha with { Name = "Alpha Prime" });
        (await Projects.RenameAsync(alpha.Id, "ALPHA PRIME")).Should().Be(alpha with { Name = "ALPHA PRIME" });
        await FluentActions.Invoking(() => Projects.RenameAsync(alpha.Id, "Beta")).Should().ThrowAsync<ProjectNameTakenException>();
        (await Projects.RenameAsync("prj_missing", "gamma")).Should().BeNull();
        (await Projects.FindAsync("alpha prime")).Should().Be(alpha with { Name = "ALPHA PRIME" });
    }

    [Fact]
    public async Task Authenticate_WithTheProjectsKey_ReturnsIt_AndNothingElseDoes()
    {
        var alpha = await Projects.CreateAsync("alpha");
        var beta = await Projects.CreateAsync("beta");

        (await Projects.AuthenticateAsync(alpha.ApiKey)).Should().Be(alpha.Project);
        (await Projects.AuthenticateAsync(beta.ApiKey)).Should().Be(beta.Project);
        (await Projects.AuthenticateAsync(alpha.ApiKey[..^1] + (alpha.ApiKey[^1] == 'a' ? 'b' : 'a'))).Should().BeNull();
        (await Projects.AuthenticateAsync(alpha.ApiKey + "x")).Should().BeNull();
        (await Projects.AuthenticateAsync(alpha.ApiKey.ToUpperInvariant())).Should().BeNull();
        (await Projects.AuthenticateAsync("")).Should().BeNull();
        (await Projects.AuthenticateAsync("sk-byok_")).Should().BeNull();
    }

    [Fact]
    public async Task RotateKey_IssuesANewKey_AndTheOldOneStopsWorkingAtOnce()
    {
        var created = await Projects.CreateAsync("alpha");

        var rotated = await Projects.RotateKeyAsync(created.Project.Id);

        rotated!.Project.Should().Be(created.Project);
        rotated.ApiKey.Should().NotBe(created.ApiKey).And.StartWith("sk-byok_");
        (await Projects.AuthenticateAsync(created.ApiKey)).Should().BeNull();
        (await Projects.AuthenticateAsync(rotated.ApiKey)).Should().Be(created.Project);
        (await Projects.RotateKeyAsync("prj_missing")).Should().BeNull();
    }

    [Fact]
    public async Task GetOrCreateDefault_CreatesTheDefaultProjectOnce_EvenWhenCalledConcurrently()
    {
        var projects = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Projects.GetOrCreateDefaultAsync())));

        projects.Select(p => p.Id).Distinct().Should().ContainSingle();
        projects[0].Name.Should().Be(IProjectStore.DefaultProjectName);
        (await Projects.GetOrCreateDefaultAsync()).Should().Be(projects[0]);
        (await Projects.ListAsync()).Should().Equal(projects[0]);
    }

    [Fact]
    public async Task Delete_RemovesTheProjectWithItsConfigsSessionsAndKey()
    {
        var created = await Projects.CreateAsync("doomed");
        var projectId = created.Project.Id;
        var config = await ModelConfigs.AddAsync(projectId, OpenAIConfig(), makeDefault: true);
        var session = await Sessions.CreateAsync(projectId);
        await Sessions.AppendTurnAsync(projectId, session.Id, 0, Turn(User("hello")));
        var survivor = await NewProjectAsync("survivor");
        var survivorSession = await Sessions.CreateAsync(survivor.Id);

        (await Projects.DeleteAsync(projectId)).Should().BeTrue();

        (await Projects.GetAsync(projectId)).Should().BeNull();
        (await Projects.AuthenticateAsync(created.ApiKey)).Should().BeNull();
        (await ModelConfigs.ListAsync(projectId)).Should().BeEmpty();
        (await ModelConfigs.GetAsync(projectId, config.Id)).Should().BeNull();
        (await Sessions.GetAsync(projectId, session.Id)).Should().BeNull();
        await FluentActions.Invoking(() => Sessions.LoadMessagesAsync(projectId, session.Id)).Should().ThrowAsync<SessionNotFoundException>();
        (await Projects.DeleteAsync(projectId)).Should().BeFalse();
        (await Sessions.GetAsync(survivor.Id, survivorSession.Id)).Should().NotBeNull();
    }

    [Fact]
    public async Task ApiKeys_AreNotStoredInClear()
    {
        var created = await Projects.CreateAsync("alpha");
        var rotated = await Projects.RotateKeyAsync(created.Project.Id);

        var raw = await Stores.ReadRawStorageAsync(CancellationToken.None);

        foreach (var key in new[] { created.ApiKey, rotated!.ApiKey })
        {
            raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key)).Should().Be(-1);
            raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key["sk-byok_".Length..])).Should().Be(-1);
        }
    }
}
