using WinBack.Core.Disengagement;
using WinBack.Core.Json;

namespace WinBack.Core.Tests;

public class PolicyJsonTests
{
    private static string Error(string json) => Assert.Throws<PolicyException>(() => Policy.Parse(json)).Message;

    [Fact]
    public void The_default_policy_survives_a_round_trip_through_json()
    {
        var json = Policy.Default.ToJson();
        var back = Policy.Parse(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(100, Policy.Default.SignalSettings.Sum(s => s.Weight));
    }

    [Fact]
    public void Omitted_fields_take_the_default()
    {
        var p = Policy.Parse("{\"bands\": {\"watch\": 10}, \"signals\": {\"slaBreaches\": {\"weight\": 12}}}");
        Assert.Equal(10, p.Bands.Watch);
        Assert.Equal(Policy.Default.Bands.AtRisk, p.Bands.AtRisk);
        Assert.Equal(12, p[Signal.SlaBreaches].Weight);
        Assert.Equal(Policy.Default[Signal.SlaBreaches].Threshold, p[Signal.SlaBreaches].Threshold);
        Assert.Equal(Policy.Default.Windows.UsageDays, p.Windows.UsageDays);
    }

    [Fact]
    public void A_band_out_of_order_names_the_field_what_is_allowed_and_the_value()
    {
        var e = Assert.Throws<PolicyException>(() => Policy.Parse("{\"bands\": {\"atRisk\": 120}}"));
        Assert.Equal("policy.bands.atRisk", e.Field);
        Assert.Equal("policy.bands.atRisk must be between 0 and 100 and above bands.watch (15) (got 120)", e.Message);
        Assert.Equal("policy.bands.disengaged must be between 0 and 100 and above bands.atRisk (30) (got 20)", Error("{\"bands\": {\"disengaged\": 20}}"));
        Assert.Equal("policy.bands.watch must be between 0 and 100 (got 0)", Error("{\"bands\": {\"watch\": 0}}"));
    }

    [Theory]
    [InlineData("{\"signals\": {\"slaBreaches\": {\"weight\": -1}}}", "policy.signals.slaBreaches.weight must be between 0 and 100 (got -1)")]
    [InlineData("{\"signals\": {\"slaBreaches\": {\"weight\": \"high\"}}}", "policy.signals.slaBreaches.weight must be a number (got \"high\")")]
    [InlineData("{\"signals\": {\"slaBreaches\": {\"threshold\": 5}}}", "policy.signals.slaBreaches.full must be at or above threshold (5) (got 4)")]
    [InlineData("{\"signals\": {\"lowSatisfaction\": {\"full\": 75}}}", "policy.signals.lowSatisfaction.full must be at or below threshold (70) because a lower satisfaction is worse (got 75)")]
    [InlineData("{\"signals\": {\"lowSatisfaction\": {\"threshold\": 140}}}", "policy.signals.lowSatisfaction.threshold must be between 0 and 100 (got 140)")]
    [InlineData("{\"signals\": {\"slaBreaches\": {\"wieght\": 3}}}", "policy.signals.slaBreaches.wieght is not a known field (allowed: weight, start, threshold, full, scale, shape)")]
    [InlineData("{\"windows\": {\"usageDays\": 0}}", "policy.windows.usageDays must be a whole number of days between 1 and 730 (got 0)")]
    [InlineData("{\"windows\": {\"usageDays\": 30.5}}", "policy.windows.usageDays must be a whole number of days between 1 and 730 (got 30.5)")]
    [InlineData("{\"version\": 2}", "policy.version must be 1 (got 2)")]
    [InlineData("{\"bands\": []}", "policy.bands must be a JSON object (got an array)")]
    [InlineData("[1, 2]", "policy must be a JSON object (got an array)")]
    [InlineData("{\"colour\": \"red\"}", "policy.colour is not a known field (allowed: version, name, windows, bands, changeOnly, signals)")]
    [InlineData("", "policy is empty; expected a JSON object such as {\"version\": 1}")]
    public void Invalid_values_give_a_clear_error_naming_the_field(string json, string message)
    {
        Assert.Equal(message, Error(json));
    }

    [Fact]
    public void An_unknown_signal_lists_the_known_ones()
    {
        var message = Error("{\"signals\": {\"caseVolume\": {\"weight\": 5}}}");
        Assert.StartsWith("policy.signals.caseVolume is not a known signal (known: loginsDecline, ", message);
        Assert.Contains("slaBreaches", message);
    }

    [Fact]
    public void All_weights_zero_is_refused()
    {
        var json = "{\"signals\": {" + string.Join(", ", Signals.All().Select(s => $"\"{Signals.Name(s)}\": {{\"weight\": 0}}")) + "}}";
        Assert.Equal("policy.signals must give at least one signal a weight above 0", Error(json));
    }

    [Theory]
    [InlineData("{\"bands\": {\"watch\": 10,}}", "trailing comma before '}' (line 1, column 24)")]
    [InlineData("{\"bands\": {\"watch\": 10}", "unexpected end of the text inside an object; expected ',' or '}' (line 1, column 24)")]
    [InlineData("{\n  \"name\": 'x'\n}", "expected a value (object, array, string, number, true, false or null) (line 2, column 11)")]
    [InlineData("{\"name\": \"a\", \"name\": \"b\"}", "duplicate member \"name\" (line 1, column 15)")]
    [InlineData("{\"bands\": {\"watch\": 010}}", "a number may not have a leading zero")]
    [InlineData("{} {}", "unexpected '{' after the end of the JSON value")]
    public void Malformed_json_says_what_and_where(string json, string fragment)
    {
        var message = Error(json);
        Assert.StartsWith("policy is not valid JSON: ", message);
        Assert.Contains(fragment, message);
    }

    [Fact]
    public void Json_reader_handles_escapes_numbers_and_nesting_limits()
    {
        var v = JsonValue.Parse("{\"s\": \"a\\\"b\\\\c\\u00e9\\n\", \"n\": -1.5e2, \"a\": [true, false, null]}");
        Assert.Equal("a\"b\\c\u00e9\n", v["s"]!.Text);
        Assert.Equal(-150, v["n"]!.Number);
        Assert.Equal(JsonKind.Null, v["a"]!.Items[2].Kind);
        Assert.Throws<JsonException>(() => JsonValue.Parse(new string('[', 100) + new string(']', 100)));
        Assert.Throws<JsonException>(() => JsonValue.Parse("\"tab\there\""));
        Assert.Throws<JsonException>(() => JsonValue.Parse("tru"));
        Assert.Throws<JsonException>(() => JsonValue.Parse("1e999"));
    }

    [Fact]
    public void Writer_escapes_and_reads_back()
    {
        var p = Policy.Default.WithName("Q4 \"tuned\"\nby CS");
        Assert.Equal("Q4 \"tuned\"\nby CS", Policy.Parse(p.ToJson()).Name);
        var w = Policy.Default.WithWeights(Signals.All().Select(s => 0.1 + (int)s / 3.0).ToArray());
        Assert.Equal(w.ToJson(), Policy.Parse(w.ToJson()).ToJson());
        Assert.Equal(w[Signal.RenewalSoon].Weight, Policy.Parse(w.ToJson())[Signal.RenewalSoon].Weight);
    }

    [Fact]
    public void TryParse_reports_instead_of_throwing()
    {
        Assert.False(Policy.TryParse("{\"bands\": {\"atRisk\": 120}}", out var p, out var error));
        Assert.Same(Policy.Default, p);
        Assert.StartsWith("policy.bands.atRisk", error);
        Assert.True(Policy.TryParse("{}", out _, out error));
        Assert.Null(error);
    }
}

public class PolicyResolverTests
{
    private const string Good = "{\"name\": \"tuned\", \"bands\": {\"watch\": 20, \"atRisk\": 40, \"disengaged\": 60}}";
    private const string Bad = "{\"bands\": {\"atRisk\": 120}}";

    [Fact]
    public void The_current_value_wins_when_valid()
    {
        var r = PolicyResolver.Resolve(Good, "{}");
        Assert.Equal(PolicySource.CurrentValue, r.Source);
        Assert.Equal("tuned", r.Policy.Name);
        Assert.False(r.HasWarnings);
    }

    [Fact]
    public void An_invalid_current_value_falls_back_to_the_default_value_with_a_warning()
    {
        var r = PolicyResolver.Resolve(Bad, Good);
        Assert.Equal(PolicySource.DefaultValue, r.Source);
        Assert.Equal("tuned", r.Policy.Name);
        Assert.Equal("The current value of wb_DisengagementPolicy is invalid and was ignored: policy.bands.atRisk must be between 0 and 100 and above bands.watch (15) (got 120)", r.Warnings.Single());
    }

    [Fact]
    public void Nothing_valid_means_the_built_in_policy_and_scoring_goes_on()
    {
        var r = PolicyResolver.Resolve(Bad, "not json");
        Assert.Equal(PolicySource.BuiltIn, r.Source);
        Assert.Same(Policy.Default, r.Policy);
        Assert.Equal(2, r.Warnings.Count);
        var unset = PolicyResolver.Resolve(null, "  ");
        Assert.Equal(PolicySource.BuiltIn, unset.Source);
        Assert.False(unset.HasWarnings);
    }

    [Fact]
    public void The_cache_answers_as_the_resolver_does_and_parses_once_per_text()
    {
        var cache = new PolicyCache();
        var first = cache.Resolve(Good);
        Assert.Same(first, cache.Resolve(Good));
        var other = cache.Resolve(Bad, Good);
        Assert.NotSame(first, other);
        Assert.Equal(PolicySource.DefaultValue, other.Source);
        var results = new PolicyResolution[64];
        Parallel.For(0, results.Length, i => results[i] = cache.Resolve(i % 2 == 0 ? Good : Bad));
        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Equal("tuned", r.Policy.Name));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal(PolicySource.BuiltIn, r.Source));
    }
}
