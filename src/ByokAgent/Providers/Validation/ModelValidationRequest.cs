namespace ByokAgent.Providers.Validation;

/// <summary>What to check beyond the key and the model.</summary>
public sealed record ModelValidationRequest
{
    /// <summary>
    /// Also force one tool call and warn (never fail) when the model does not make it: agents need tools, but rejecting a
    /// working model over a shaky probe is worse than a warning.
    /// </summary>
    public bool CheckTools { get; init; }
}
