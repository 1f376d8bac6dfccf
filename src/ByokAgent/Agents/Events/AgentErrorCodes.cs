using ByokAgent.Providers;

namespace ByokAgent.Agents.Events;

/// <summary>The stable codes of <see cref="AgentErrorEvent"/>.</summary>
public static class AgentErrorCodes
{
    /// <summary>The provider answered with an error.</summary>
    public const string ProviderError = "provider_error";

    /// <summary>The provider could not be reached.</summary>
    public const string ProviderUnreachable = "provider_unreachable";

    /// <summary>The model config is incomplete or malformed.</summary>
    public const string InvalidConfig = "invalid_config";

    /// <summary>Another turn is running in the session.</summary>
    public const string SessionBusy = "session_busy";

    /// <summary>Another process stored a turn in the session first.</summary>
    public const string SessionConflict = "session_conflict";

    /// <summary>A budget of the project is used up; the turn was refused before reaching the provider.</summary>
    public const string BudgetExceeded = "budget_exceeded";

    /// <summary>Anything else: a bug, reported without details.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The code for an exception that ended a turn.</summary>
    public static string For(Exception exception) => exception switch
    {
        ProviderException { Failure: ProviderFailure.Unreachable } => ProviderUnreachable,
        ProviderException => ProviderError,
        ModelConfigException => InvalidConfig,
        SessionBusyException => SessionBusy,
        Sessions.SessionConflictException => SessionConflict,
        Usage.BudgetExceededException => BudgetExceeded,
        _ => InternalError,
    };
}
