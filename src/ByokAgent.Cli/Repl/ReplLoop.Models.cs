using ByokAgent.Cli.Commands.Models;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Providers.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Repl;

internal sealed partial class ReplLoop
{
    private async Task ModelsAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var verb = arguments.FirstOrDefault()?.ToLowerInvariant() ?? "list";
        var id = arguments.Length > 1 ? arguments[1] : null;
        switch (verb)
        {
            case "list":
                await ListModelsAsync(cancellationToken);
                break;
            case "add":
                if (await new FirstRunSetup(_services, _console).RunAsync(_project, cancellationToken) is not null)
                {
                    await ReopenSessionAsync();
                }

                break;
            case "default":
                var chosen = await FindConfigAsync(id ?? throw new ModelConfigException("id", "Usage: /models default <id> (ids: /models)."), cancellationToken);
                await _configs.SetDefaultAsync(_project.Id, chosen.Id, cancellationToken);
                await ReopenSessionAsync();
                _console.Line($"{chosen.Provider} {chosen.Model} ({chosen.Id}) is now the default of project {_project.Name}.");
                break;
            case "validate":
                await ValidateModelAsync(id, cancellationToken);
                break;
            case "remove":
                var removed = await FindConfigAsync(id ?? throw new ModelConfigException("id", "Usage: /models remove <id> (ids: /models)."), cancellationToken);
                await _configs.RemoveAsync(_project.Id, removed.Id, cancellationToken);
                _console.Line($"Removed {removed.Provider} {removed.Model} ({removed.Id}) from project {_project.Name}.");
                break;
            default:
                _console.Error.WriteLine($"Unknown /models command '{verb}': use /models, /models add, /models default <id>, /models validate [id] or /models remove <id>.");
                break;
        }
    }

    private async Task ListModelsAsync(CancellationToken cancellationToken)
    {
        var entries = await _configs.ListAsync(_project.Id, cancellationToken);
        if (entries.Count == 0)
        {
            _console.Line($"No model configs in project {_project.Name}. /models add sets one up.");
            return;
        }

        foreach (var entry in entries)
        {
            var status = entry.Status switch
            {
                ModelConfigStatus.Valid => "valid",
                ModelConfigStatus.Invalid => $"INVALID: {entry.StatusMessage ?? "validation failed"}",
                _ => "unchecked",
            };
            _console.Line($"{(entry.IsDefault ? "*" : " ")} {entry.Id}  {entry.Provider} {entry.Model}  {(entry.HasProviderKey ? "key" : "no key")}  {status}");
        }

        _console.Line(_console.Dim("* the default. /models default <id> switches."));
    }

    private async Task ValidateModelAsync(string? id, CancellationToken cancellationToken)
    {
        var entry = id is null
            ? (await _configs.ListAsync(_project.Id, cancellationToken)).FirstOrDefault(e => e.IsDefault) ?? throw new ModelConfigException("id", $"Project {_project.Name} has no default model config.")
            : await FindConfigAsync(id, cancellationToken);
        var config = await _configs.GetAsync(_project.Id, entry.Id, cancellationToken) ?? throw new ModelConfigException("id", $"No model config '{entry.Id}'.");
        var result = await _services.GetRequiredService<IModelValidator>().ValidateAsync(config, cancellationToken: cancellationToken);
        ValidationOutput.Print(result, ProviderCatalog.TryGet(entry.Provider, out var descriptor) ? descriptor.DisplayName : entry.Provider);
        if (ValidationOutput.StatusAfter(result) is { } status)
        {
            await _configs.SetStatusAsync(_project.Id, entry.Id, status, result.Message, cancellationToken);
        }
    }

    private async Task<ModelConfigEntry> FindConfigAsync(string id, CancellationToken cancellationToken) =>
        (await _configs.ListAsync(_project.Id, cancellationToken)).FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ModelConfigException("id", $"No model config '{id}' in project {_project.Name} (see /models).");
}
