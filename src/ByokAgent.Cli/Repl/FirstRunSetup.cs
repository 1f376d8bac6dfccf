using ByokAgent.Cli.Commands.Models;
using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Providers.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Cli.Repl;

/// <summary>
/// The guided setup of a model config: provider from the catalog, key without echo, host pre-filled, model, the
/// provider's required extras; validated with the provider and saved as the project's default. A failure shows the
/// exact line and asks again.
/// </summary>
/// <remarks>Nothing typed here goes to the input history: the answers include keys.</remarks>
internal sealed class FirstRunSetup(IServiceProvider services, ReplConsole console)
{
    private const int MaxAttempts = 5;

    /// <summary>Runs the setup; the saved entry, or <see langword="null"/> when the input ended or the user gave up.</summary>
    public async Task<ModelConfigEntry?> RunAsync(Project project, CancellationToken cancellationToken)
    {
        console.Status($"Set up a model for project {project.Name}: the provider, your key and the model. Empty answers take the [default].");
        var validator = services.GetRequiredService<IModelValidator>();
        ModelConfig? previous = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // A retry offers the last answers (but never the key) as defaults: usually only one of them was wrong.
            var candidate = previous = await AskAsync(previous);
            if (candidate is null)
            {
                return null;
            }

            ModelValidationResult result;
            try
            {
                console.Status($"Checking with {candidate.Descriptor.DisplayName}…");
                result = await validator.ValidateAsync(candidate, cancellationToken: cancellationToken);
            }
            catch (ModelConfigException invalid)
            {
                console.Error.WriteLine(console.Red(invalid.Message));
                console.Status("Let's try again.");
                continue;
            }

            ValidationOutput.Print(result, candidate.Descriptor.DisplayName);
            if (!result.IsValid)
            {
                console.Status("Nothing was saved. Let's try again.");
                continue;
            }

            var store = services.GetRequiredService<IModelConfigStore>();
            var saved = await store.AddAsync(project.Id, candidate, makeDefault: true, cancellationToken);
            await store.SetStatusAsync(project.Id, saved.Id, ModelConfigStatus.Valid, message: null, cancellationToken);
            console.Line($"Saved {saved.Id}: {candidate.Descriptor.DisplayName} {saved.Model} (default) in project {project.Name}.");
            return saved;
        }

        console.Error.WriteLine($"Setup stopped after {MaxAttempts} attempts. `/models add` starts it again.");
        return null;
    }

    private async Task<ModelConfig?> AskAsync(ModelConfig? previous)
    {
        var descriptor = await AskProviderAsync(previous?.Descriptor);
        if (descriptor is null)
        {
            return null;
        }

        var key = await console.ReadSecretAsync(descriptor.RequiresApiKey ? "API key (not shown): " : "API key (not shown; empty if the server needs none): ");
        if (key is null)
        {
            return null;
        }

        var same = previous?.Provider == descriptor.Id ? previous : null;
        var defaultHost = same?.ApiHost ?? descriptor.DefaultHost?.ToString();
        var host = await console.ReadAnswerAsync(defaultHost is null ? "API host: " : $"API host [{defaultHost}]: ");
        if (host is null)
        {
            return null;
        }

        var model = await console.ReadAnswerAsync(same is null ? "Model: " : $"Model [{same.Model}]: ");
        if (model is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(model) && same is not null)
        {
            model = same.Model;
        }

        var extras = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in descriptor.ExtraFields.Where(f => f.Required))
        {
            var earlier = field.Secret ? null : same?.GetExtra(field.Name);
            var question = earlier is null ? $"{field.Name} ({field.Description}): " : $"{field.Name} ({field.Description}) [{earlier}]: ";
            var value = field.Secret ? await console.ReadSecretAsync(question) : await console.ReadAnswerAsync(question);
            if (value is null)
            {
                return null;
            }

            value = string.IsNullOrWhiteSpace(value) ? earlier : value;
            if (!string.IsNullOrWhiteSpace(value))
            {
                extras[field.Name] = value.Trim();
            }
        }

        return new ModelConfig
        {
            Provider = descriptor.Id,
            ApiKey = string.IsNullOrWhiteSpace(key) ? null : key,
            ApiHost = string.IsNullOrWhiteSpace(host) ? same?.ApiHost : host.Trim(),
            Model = model.Trim(),
            Extras = extras,
        };
    }

    private async Task<ProviderDescriptor?> AskProviderAsync(ProviderDescriptor? previous)
    {
        var providers = ProviderCatalog.All;
        for (var i = 0; previous is null && i < providers.Count; i++)
        {
            console.Error.WriteLine($"  {i + 1,2}. {providers[i].DisplayName} ({providers[i].Id})");
        }

        var fallback = previous ?? providers[0];
        while (true)
        {
            var answer = await console.ReadAnswerAsync($"Provider (number or id) [{fallback.Id}]: ");
            if (answer is null)
            {
                return null;
            }

            answer = answer.Trim();
            if (answer.Length == 0)
            {
                return fallback;
            }

            if (int.TryParse(answer, out var number) && number >= 1 && number <= providers.Count)
            {
                return providers[number - 1];
            }

            if (ProviderCatalog.TryGet(answer, out var descriptor))
            {
                return descriptor;
            }

            console.Error.WriteLine(console.Red($"Unknown provider '{answer}'. Type a number from 1 to {providers.Count} or an id."));
        }
    }
}
