namespace ByokAgent.Providers.Validation;

/// <summary>Likely fixes for failures whose cause is a typo in the config rather than the key.</summary>
internal static class ValidationHints
{
    /// <summary>A hint for <paramref name="failure"/>, or <see langword="null"/> when none is known.</summary>
    public static string? For(ModelConfig config, ProviderException failure)
    {
        // Ollama, vLLM, LM Studio and llama.cpp serve the OpenAI API under /v1; a host without it answers 404 on every path.
        if (failure.StatusCode == 404
            && failure.Failure != ProviderFailure.InvalidModel
            && config.Descriptor.Wire == WireFamily.OpenAICompatible
            && !string.IsNullOrWhiteSpace(config.ApiHost)
            && !config.ResolveHost().AbsolutePath.Contains("/v1", StringComparison.OrdinalIgnoreCase))
        {
            var host = config.ResolveHost();
            return $"OpenAI-compatible servers usually serve the API under /v1: try --api-host {host.GetLeftPart(UriPartial.Authority)}{host.AbsolutePath.TrimEnd('/')}/v1";
        }

        if (failure.Failure == ProviderFailure.Unreachable && config.Descriptor.Id == "openai-compatible")
        {
            return "Is the server running, and is the host and port right?";
        }

        return null;
    }
}
