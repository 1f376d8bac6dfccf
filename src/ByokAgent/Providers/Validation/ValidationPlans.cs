namespace ByokAgent.Providers.Validation;

/// <summary>The cheapest real requests that prove each provider's key, model and (where it can tell) billing state.</summary>
/// <remarks>
/// From shared/wire.md §4. The key-proving request always comes first, so a bad key is reported before a bad model.
/// Free requests are preferred; a one-token chat is added where only a generation reveals the billing state.
/// </remarks>
internal static class ValidationPlans
{
    public static IReadOnlyList<ValidationStep> For(ModelConfig config) => config.Descriptor.Id switch
    {
        // The model lookup is free and tells key from model; insufficient_quota only shows on a generation.
        "openai" => [ValidationStep.ModelLookup, ValidationStep.ChatPing],

        // One message with max_tokens 1 proves key, model and credit ("credit balance is too low" arrives as a 400).
        "anthropic" => [ValidationStep.ChatPing],

        // The lookup proves key and model; the free tier's "limit: 0" quota only shows on a generation.
        "gemini" => [ValidationStep.ModelLookup, ValidationStep.ChatPing],

        // Both free: /key proves the key (and its remaining limit), the public model list proves the id.
        "openrouter" => [ValidationStep.OpenRouterKey, ValidationStep.ModelListed],

        // Both free: the balance proves key and credit, the list proves the id.
        "deepseek" => [ValidationStep.DeepSeekBalance, ValidationStep.ModelListed],

        // Local servers: the model list is free and is where "unreachable" usually shows. A model missing from it is
        // confirmed with a chat before it is called invalid (llama.cpp and others answer to any name).
        "openai-compatible" => [ValidationStep.ModelListed],

        // OrcaRouter, Qwen (Arrearage shows only on a generation), MiniMax, Z.ai (plan and base URL), Azure (endpoint,
        // api-version and deployment) and Bedrock (credentials, region, model access and quota): one token proves all.
        _ => [ValidationStep.ChatPing],
    };
}
