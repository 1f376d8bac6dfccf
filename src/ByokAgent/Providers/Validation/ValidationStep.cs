namespace ByokAgent.Providers.Validation;

/// <summary>The requests that can prove part of a config; each provider's plan is a list of them (<see cref="ValidationPlans"/>).</summary>
internal enum ValidationStep
{
    /// <summary><c>GET {host}/models/{model}</c>: free; 401 proves a bad key, 404 an unknown model.</summary>
    ModelLookup,

    /// <summary><c>GET {host}/models</c> and look for the model id: free; proves the key where the list needs one.</summary>
    ModelListed,

    /// <summary>OpenRouter's <c>GET {host}/key</c>: free; proves the key and shows its remaining credit limit.</summary>
    OpenRouterKey,

    /// <summary>DeepSeek's <c>GET {host}/user/balance</c>: free; proves the key and the balance (<c>is_available</c>).</summary>
    DeepSeekBalance,

    /// <summary>A chat call limited to one output token: proves key, model and billing for ~10 input tokens.</summary>
    ChatPing,
}
