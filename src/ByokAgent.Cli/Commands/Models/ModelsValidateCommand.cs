using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Providers.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models validate [id]</c>: checks a stored config again and records the outcome in its status.</summary>
internal static class ModelsValidateCommand
{
    public static Command Create()
    {
        var id = ModelConfigArgument.Optional();
        var project = new ProjectOption();
        var checkTools = new Option<bool>("--check-tools") { Description = "Also force one tool call and warn when the model does not make it." };
        var command = new Command("validate", "Validate a stored model config again (default: the project's default).") { id, project.Option, checkTools };
        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var owner = await project.ResolveAsync(parse, services, ct);
            var store = services.GetRequiredService<IModelConfigStore>();
            var entry = await ModelConfigArgument.FindAsync(store, owner, parse.GetValue(id), ct);
            var config = await store.GetAsync(owner.Id, entry.Id, ct) ?? throw new ModelConfigException("id", $"No model config '{entry.Id}'.");
            var result = await services.GetRequiredService<IModelValidator>()
                .ValidateAsync(config, new ModelValidationRequest { CheckTools = parse.GetValue(checkTools) }, ct);
            ValidationOutput.Print(result, ProviderCatalog.Get(entry.Provider).DisplayName);
            if (ValidationOutput.StatusAfter(result) is { } status)
            {
                await store.SetStatusAsync(owner.Id, entry.Id, status, result.Message, ct);
            }

            return ValidationOutput.ExitCode(result);
        }, cancellationToken));
        return command;
    }
}
