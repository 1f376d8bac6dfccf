using ByokAgent.Projects;
using FluentAssertions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>Whether a stored config works: validated, marked invalid, reset by a change.</summary>
public abstract partial class ModelConfigStoreContract
{
    [Fact]
    public async Task Status_NewConfig_IsUnchecked()
    {
        var project = await NewProjectAsync("alpha");

        var added = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(), makeDefault: true);

        added.Status.Should().Be(ModelConfigStatus.Unchecked);
        (await ModelConfigs.ListAsync(project.Id)).Single().Status.Should().Be(ModelConfigStatus.Unchecked);
    }

    [Fact]
    public async Task SetStatus_InvalidThenValid_IsListed_AndTheMessageGoesWithInvalidOnly()
    {
        var project = await NewProjectAsync("alpha");
        var added = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(), makeDefault: true);

        (await ModelConfigs.SetStatusAsync(project.Id, added.Id, ModelConfigStatus.Invalid, "Invalid key. Validation failed.")).Should().BeTrue();
        var invalid = (await ModelConfigs.ListAsync(project.Id)).Single();
        invalid.Status.Should().Be(ModelConfigStatus.Invalid);
        invalid.StatusMessage.Should().Be("Invalid key. Validation failed.");

        await ModelConfigs.SetStatusAsync(project.Id, added.Id, ModelConfigStatus.Valid, "ignored for a valid config");
        var valid = (await ModelConfigs.ListAsync(project.Id)).Single();
        valid.Status.Should().Be(ModelConfigStatus.Valid);
        valid.StatusMessage.Should().BeNull();
    }

    [Fact]
    public async Task SetStatus_OtherProjectsConfig_IsNotFound_AndChangesNothing()
    {
        var alpha = await NewProjectAsync("alpha");
        var beta = await NewProjectAsync("beta");
        var added = await ModelConfigs.AddAsync(alpha.Id, OpenAIConfig(), makeDefault: true);

        (await ModelConfigs.SetStatusAsync(beta.Id, added.Id, ModelConfigStatus.Invalid, "no")).Should().BeFalse();

        (await ModelConfigs.ListAsync(alpha.Id)).Single().Status.Should().Be(ModelConfigStatus.Unchecked);
    }

    [Fact]
    public async Task Update_ResetsTheStatusToUnchecked()
    {
        var project = await NewProjectAsync("alpha");
        var added = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(), makeDefault: true);
        await ModelConfigs.SetStatusAsync(project.Id, added.Id, ModelConfigStatus.Invalid, "Invalid key. Validation failed.");

        var updated = await ModelConfigs.UpdateAsync(project.Id, added.Id, OpenAIConfig(model: "gpt-4o"));

        updated!.Status.Should().Be(ModelConfigStatus.Unchecked);
        (await ModelConfigs.ListAsync(project.Id)).Single().StatusMessage.Should().BeNull();
    }
}
