using System.Text.Json;
using ByokAgent.Providers.Errors;
using ByokAgent.Providers.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ByokAgent.Providers.Validation;

/// <summary>Runs each provider's validation plan (<see cref="ValidationPlans"/>) and says, in one line, what is wrong.</summary>
/// <remarks>
/// Requests use the validation timeout (default 20 s) and no SDK retries: a user is waiting, and a retried 429 would only
/// hide the answer. The one retry is for a connection reset, which says nothing about the config.
/// </remarks>
internal sealed partial class ModelValidator(
    IChatClientFactory chatClients,
    ProviderHttpClientPool httpClients,
    IOptions<ProviderOptions> providerOptions,
    IOptions<ModelValidationOptions> options,
    ILogger<ModelValidator> logger) : IModelValidator
{
    private const int MaxSuggestions = 3;

    public async Task<ModelValidationResult> ValidateAsync(ModelConfig config, ModelValidationRequest? request = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var descriptor = ProviderCatalog.Get(config.Provider);

        // Reported like the provider's own 401 would be, without sending a request that can only fail.
        if (descriptor.RequiresApiKey && string.IsNullOrWhiteSpace(config.ApiKey))
        {
            return new ModelValidationResult(ProviderFailure.InvalidKey, ProviderFailureMessages.InvalidKey, $"No API key was given for {descriptor.DisplayName}.");
        }

        config.Validate();
        var settings = new ProviderOptions
        {
            RequestTimeout = options.Value.Timeout,
            MaxRetries = 0,
            Proxy = providerOptions.Value.Proxy,
            PooledConnectionLifetime = providerOptions.Value.PooledConnectionLifetime,
        };
        var run = new ValidationRun(config, CreateChatClient(config, settings), new ProviderGetRequest(httpClients, settings));

        try
        {
            foreach (var step in ValidationPlans.For(config))
            {
                if (await WithOneRetryOnResetAsync(() => run.RunAsync(step, cancellationToken)).ConfigureAwait(false) is { } failed)
                {
                    LogOutcome(config, failed);
                    return failed;
                }
            }
        }
        catch (ProviderException failure)
        {
            var result = ModelValidationResult.From(failure, ValidationHints.For(config, failure));
            LogOutcome(config, result);
            return result;
        }

        if (request?.CheckTools == true)
        {
            run.Warnings.AddRange(await ToolCallProbe.RunAsync(run.Chat, cancellationToken).ConfigureAwait(false));
        }

        var valid = ModelValidationResult.Valid($"{descriptor.DisplayName} accepted the key and the model {config.Model}.", run.Warnings);
        LogOutcome(config, valid);
        return valid;
    }

    private IChatClient CreateChatClient(ModelConfig config, ProviderOptions settings) =>
        chatClients is ChatClientFactory factory ? factory.Create(config, settings) : chatClients.Create(config);

    private static async Task<ModelValidationResult?> WithOneRetryOnResetAsync(Func<Task<ModelValidationResult?>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (ProviderException reset) when (reset.IsConnectionReset)
        {
            return await step().ConfigureAwait(false);
        }
    }

    private void LogOutcome(ModelConfig config, ModelValidationResult result) =>
        Log.Validated(logger, config.Provider, config.Model, result.Failure?.ToString() ?? "valid", result.StatusCode);

    /// <summary>One validation: the clients it uses and the warnings it collects.</summary>
    private sealed class ValidationRun(ModelConfig config, IChatClient chat, ProviderGetRequest get)
    {
        public IChatClient Chat => chat;

        public List<string> Warnings { get; } = [];

        /// <summary>Runs one step: <see langword="null"/> when it passed, a failed result, or a thrown <see cref="ProviderException"/>.</summary>
        public async Task<ModelValidationResult?> RunAsync(ValidationStep step, CancellationToken cancellationToken)
        {
            switch (step)
            {
                case ValidationStep.ModelLookup:
                    using (await get.GetJsonAsync(config, $"models/{ProviderGetRequest.ModelPath(config.Model)}", cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                case ValidationStep.ModelListed:
                    return await CheckListedAsync(cancellationToken).ConfigureAwait(false);

                case ValidationStep.OpenRouterKey:
                    using (var key = await get.GetJsonAsync(config, "key", cancellationToken).ConfigureAwait(false))
                    {
                        return Number(key.RootElement, "data", "limit_remaining") is { } remaining and <= 0
                            ? Quota($"The key's credit limit is used up (limit_remaining {remaining}).")
                            : null;
                    }

                case ValidationStep.DeepSeekBalance:
                    using (var balance = await get.GetJsonAsync(config, "user/balance", cancellationToken).ConfigureAwait(false))
                    {
                        return balance.RootElement.ValueKind == JsonValueKind.Object
                               && balance.RootElement.TryGetProperty("is_available", out var available)
                               && available.ValueKind == JsonValueKind.False
                            ? Quota("DeepSeek reports the balance is not available for API calls: top up the account.")
                            : null;
                    }

                default:
                    await ChatPing.RunAsync(chat, cancellationToken).ConfigureAwait(false);
                    return null;
            }
        }

        private async Task<ModelValidationResult?> CheckListedAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<string> ids;
            try
            {
                using var list = await get.GetJsonAsync(config, "models", cancellationToken).ConfigureAwait(false);
                ids = ModelIds(list.RootElement);
            }
            catch (ProviderException missing) when (IsLocalServer && missing.StatusCode == 404 && ValidationHints.For(config, missing) is null)
            {
                // A server under /v1 without a model list: the chat endpoint is the proof.
                await ChatPing.RunAsync(chat, cancellationToken).ConfigureAwait(false);
                Warnings.Add("The server has no model list (GET /models answered 404); a test message worked.");
                return null;
            }

            if (ids.Contains(config.Model, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            if (IsLocalServer)
            {
                // Several local servers answer to any model name: a working chat outranks the list.
                await ChatPing.RunAsync(chat, cancellationToken).ConfigureAwait(false);
                Warnings.Add($"The server does not list the model '{config.Model}', but a test message worked.");
                return null;
            }

            var suggestions = ids.Where(id => IsClose(id, config.Model)).Take(MaxSuggestions).ToList();
            var detail = $"{config.Descriptor.DisplayName} does not list the model '{config.Model}'."
                + (suggestions.Count > 0 ? $" Did you mean {string.Join(", ", suggestions)}?" : string.Empty);
            return new ModelValidationResult(ProviderFailure.InvalidModel, ProviderFailureMessages.InvalidModel, detail);
        }

        private bool IsLocalServer => config.Descriptor.Id == "openai-compatible";

        private static ModelValidationResult Quota(string detail) =>
            new(ProviderFailure.QuotaExceeded, ProviderFailureMessages.QuotaExceeded, detail);

        private static bool IsClose(string candidate, string wanted)
        {
            var shortName = wanted.Split('/')[^1];
            return candidate.Contains(shortName, StringComparison.OrdinalIgnoreCase)
                || shortName.Contains(candidate.Split('/')[^1], StringComparison.OrdinalIgnoreCase);
        }

        private static List<string> ModelIds(JsonElement root)
        {
            var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : root;
            return data.ValueKind != JsonValueKind.Array
                ? []
                : [.. data.EnumerateArray()
                    .Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    .Select(m => m.GetProperty("id").GetString()!)];
        }

        private static double? Number(JsonElement root, string parent, string name) =>
            root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty(parent, out var node)
            && node.ValueKind == JsonValueKind.Object
            && node.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number
                ? value.GetDouble()
                : null;
    }

    private static partial class Log
    {
        // Never the key: the provider, the model and the outcome only.
        [LoggerMessage(1, LogLevel.Information, "Validated {Provider}/{Model}: {Outcome} (status {Status})")]
        public static partial void Validated(ILogger logger, string provider, string model, string outcome, int? status);
    }
}
