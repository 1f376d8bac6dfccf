using System.Net;

namespace ByokAgent.Plugins.Browser.Safety;

/// <summary>Whether the browser may connect to a host, and to which addresses (the checked ones, never a second lookup).</summary>
internal sealed record EgressDecision
{
    private EgressDecision(EgressVerdict verdict, IReadOnlyList<IPAddress> addresses, string? reason)
    {
        Verdict = verdict;
        Addresses = addresses;
        Reason = reason;
    }

    public EgressVerdict Verdict { get; }

    /// <summary>The addresses to connect to when allowed.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>Why the host was refused or cannot be reached, for the model ("169.254.169.254 is a link-local address").</summary>
    public string? Reason { get; }

    public bool IsAllowed => Verdict == EgressVerdict.Allowed;

    public static EgressDecision Allow(IReadOnlyList<IPAddress> addresses) => new(EgressVerdict.Allowed, addresses, null);

    public static EgressDecision Refuse(string reason) => new(EgressVerdict.Refused, [], reason);

    public static EgressDecision Unreachable(string reason) => new(EgressVerdict.Unreachable, [], reason);
}

/// <summary>The outcome of an egress check.</summary>
internal enum EgressVerdict
{
    /// <summary>Public, or on the allow-list.</summary>
    Allowed,

    /// <summary>Not public and not on the allow-list: the browser must not go there.</summary>
    Refused,

    /// <summary>The host does not resolve.</summary>
    Unreachable,
}
