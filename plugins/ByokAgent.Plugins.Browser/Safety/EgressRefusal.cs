namespace ByokAgent.Plugins.Browser.Safety;

/// <summary>A connection the egress proxy refused.</summary>
/// <param name="Host">The host the browser tried to reach.</param>
/// <param name="Reason">Why, for the model ("127.0.0.1 is a loopback address").</param>
internal sealed record EgressRefusal(string Host, string Reason);
