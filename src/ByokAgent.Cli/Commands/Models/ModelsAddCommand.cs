using System.CommandLine;
using ByokAgent.Cli.Hosting;
using ByokAgent.Cli.Output;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Providers.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Commands.Models;

/// <summary><c>byok models add</c>: validates a config against its provider, then saves it. Nothing is saved when validation fails.</summary>
internal static class ModelsAddCommand
{
    public static Command Create()
    {
        var provider = new Argument<string>("provider") { Description = $"Provider id: {string.Join(", ", ProviderCatalog.Ids)} (see `byok models providers`)." };
        var config = new ModelConfigOptions();
        var project = new ProjectOption();
        var makeDefault = new Option<bool>("--default") { Description = "Make it the project's default model (the first config always is)." };
        var skipValidation = new Option<bool>("--skip-validation") { Description = "Save without asking the provider (offline setups). The config is marked unchecked." };
        var checkTools = new Option<bool>("--check-tools") { Description = "Also force one tool call and warn when the model does not make it." };

        var command = new Command("add", "Validate a model config against its provider, then save it (exit 2 and nothing saved when the key, model or quota is wrong).") { provider };
        config.AddTo(command, withProvider: false);
        command.Options.Add(project.Option);
        command.Options.Add(makeDefault);
        command.Options.Add(skipValidation);
        command.Options.Add(checkTools);

        command.SetAction((parse, cancellationToken) => CliRun.WithServicesAsync(async (services, ct) =>
        {
            var candidate = config.Read(parse, parse.GetValue(provider)!);
            var descriptor = ProviderCatalog.Get(candidate.Provider);
            var owner = await project.ResolveAsync(parse, services, ct);

            ModelValidationResult? validation = null;
            if (parse.GetValue(skipValidation))
            {
                candidate.Validate();
                Console.Error.WriteLine("warning: NOT VALIDATED (--skip-validation): the key and model were not checked with the provider; `byok models validate` checks them later.");
            }
            else
            {
                validation = await services.GetRequiredService<IModelValidator>()
                    .ValidateAsync(candidate, new ModelValidationRequest { CheckTools = parse.GetValue(checkTools) }, ct);
                ValidationOutput.Print(validation, descriptor.DisplayName);
                if (!validation.IsValid)
                {
                    Console.Error.WriteLine("Nothing was saved.");
                    return ValidationOutput.ExitCode(validation) == ExitCodes.Success ? ExitCodes.Failed : ValidationOutput.ExitCode(validation);
                }
            }

            var store = services.GetRequiredService<IModelConfigStore>();
            var saved = await store.AddAsync(owner.Id, candidate, parse.GetValue(makeDefault), ct);
            if (validation is not null)
            {
                await store.SetStatusAsync(owner.Id, saved.Id, ModelConfigStatus.Valid, message: null, ct);
            }

            Console.WriteLine($"Saved {saved.Id}: {descriptor.DisplayName} {saved.Model}{(saved.IsDefault ? " (default)" : string.Empty)} in project {owner.Name}.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
