namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>A project of the server under test: its id, its API key, and a client authenticated with that key.</summary>
public sealed record TestProject(string Id, string ApiKey, HttpClient Client);
