using System.Xml.Linq;
using Dataverse.Local.Query;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.Local.Tests.Query;

public class PagingTests
{
    static InMemoryQuerySource Snapshots(int count)
    {
        var source = new InMemoryQuerySource().Table("wb_usagesnapshot", "wb_name", "wb_logins");
        for (int i = 0; i < count; i++)
            source.Add("wb_usagesnapshot", ("wb_name", $"Snapshot {i:D5}"), ("wb_logins", i % 97));
        return source;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Twelve_thousand_rows_come_back_in_three_pages_of_at_most_five_thousand_with_cookies(bool ordered)
    {
        var source = Snapshots(12_000);
        var engine = new QueryEngine(source);
        var query = new QueryExpression("wb_usagesnapshot") { ColumnSet = new ColumnSet("wb_name") };
        if (ordered) query.AddOrder("wb_logins", OrderType.Ascending);
        query.PageInfo = new PagingInfo { Count = 5000, PageNumber = 1 };

        var seen = new List<Entity>();
        var pageSizes = new List<int>();
        while (true)
        {
            var page = engine.RetrieveMultiple(query);
            pageSizes.Add(page.Entities.Count);
            seen.AddRange(page.Entities);
            Assert.Equal("wb_usagesnapshot", page.EntityName);
            if (!page.MoreRecords) break;
            Assert.NotNull(page.PagingCookie);
            query.PageInfo.PageNumber++;
            query.PageInfo.PagingCookie = page.PagingCookie;
        }

        Assert.Equal(new[] { 5000, 5000, 2000 }, pageSizes);
        Assert.Equal(12_000, seen.Select(e => e.Id).Distinct().Count());
        var position = source.Stored("wb_usagesnapshot").Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var logins = seen.Select(e => (int)source.Stored("wb_usagesnapshot")[position[e.Id]]["wb_logins"]).ToList();
        if (ordered) Assert.Equal(logins.OrderBy(l => l), logins);
        else Assert.Equal(Enumerable.Range(0, 12_000), seen.Select(e => position[e.Id])); // store order
    }

    [Fact]
    public void The_paging_cookie_is_shaped_like_dataverses()
    {
        var source = Snapshots(10);
        var query = new QueryExpression("wb_usagesnapshot") { ColumnSet = new ColumnSet("wb_name") };
        query.PageInfo = new PagingInfo { Count = 3, PageNumber = 1 };

        var page = new QueryEngine(source).RetrieveMultiple(query);

        var cookie = XElement.Parse(page.PagingCookie);
        Assert.Equal("cookie", cookie.Name.LocalName);
        Assert.Equal("1", (string?)cookie.Attribute("page"));
        var id = Assert.Single(cookie.Elements());
        Assert.Equal("wb_usagesnapshotid", id.Name.LocalName);
        Assert.Equal("{" + page.Entities[2].Id.ToString().ToUpperInvariant() + "}", (string?)id.Attribute("last"));
        Assert.Equal("{" + page.Entities[0].Id.ToString().ToUpperInvariant() + "}", (string?)id.Attribute("first"));
        Assert.True(page.MoreRecords);
    }

    [Fact]
    public void Without_a_page_size_a_query_returns_at_most_five_thousand_rows()
    {
        var page = new QueryEngine(Snapshots(5001)).RetrieveMultiple(new QueryExpression("wb_usagesnapshot") { ColumnSet = new ColumnSet("wb_name") });
        Assert.Equal(5000, page.Entities.Count);
        Assert.True(page.MoreRecords);
    }

    [Fact]
    public void A_page_size_above_five_thousand_is_refused()
    {
        var query = new QueryExpression("wb_usagesnapshot") { ColumnSet = new ColumnSet("wb_name") };
        query.PageInfo = new PagingInfo { Count = 5001, PageNumber = 1 };
        Faults.Expect(QueryFaults.InvalidArgument, () => new QueryEngine(Snapshots(1)).RetrieveMultiple(query));

        var fetch = new FetchExpression("<fetch count='10000'><entity name='wb_usagesnapshot'><attribute name='wb_name'/></entity></fetch>");
        Faults.Expect(QueryFaults.InvalidArgument, () => new QueryEngine(Snapshots(1)).RetrieveMultiple(fetch));
    }

    [Fact]
    public void Simple_paging_by_page_number_works_without_a_cookie()
    {
        var query = new QueryExpression("wb_usagesnapshot") { ColumnSet = new ColumnSet("wb_name") };
        query.AddOrder("wb_name", OrderType.Descending);
        query.PageInfo = new PagingInfo { Count = 4, PageNumber = 3 };
        var page = new QueryEngine(Snapshots(10)).RetrieveMultiple(query);
        Assert.Equal(new[] { "Snapshot 00001", "Snapshot 00000" }, QueryFixture.Names(page, "wb_name"));
        Assert.False(page.MoreRecords);
    }

    [Fact]
    public void Total_record_count_counts_up_to_five_thousand()
    {
        var query = new QueryExpression("wb_usagesnapshot") { ColumnSet = new ColumnSet("wb_name") };
        query.PageInfo = new PagingInfo { Count = 10, PageNumber = 1, ReturnTotalRecordCount = true };
        var small = new QueryEngine(Snapshots(42)).RetrieveMultiple(query);
        Assert.Equal(42, small.TotalRecordCount);
        Assert.False(small.TotalRecordCountLimitExceeded);

        var large = new QueryEngine(Snapshots(6000)).RetrieveMultiple(query);
        Assert.Equal(5000, large.TotalRecordCount);
        Assert.True(large.TotalRecordCountLimitExceeded);

        query.PageInfo.ReturnTotalRecordCount = false;
        Assert.Equal(-1, new QueryEngine(Snapshots(3)).RetrieveMultiple(query).TotalRecordCount);
    }

    [Fact]
    public void Fetch_xml_pages_with_count_page_and_paging_cookie()
    {
        var engine = new QueryEngine(Snapshots(25));
        var names = new List<string>();
        var cookies = new List<string>();
        string? cookie = null;
        for (int page = 1; ; page++)
        {
            var fetch = new XElement("fetch", new XAttribute("count", 10), new XAttribute("page", page),
                new XElement("entity", new XAttribute("name", "wb_usagesnapshot"),
                    new XElement("attribute", new XAttribute("name", "wb_name")),
                    new XElement("order", new XAttribute("attribute", "wb_name"), new XAttribute("descending", "true"))));
            if (cookie is not null) fetch.SetAttributeValue("paging-cookie", cookie);
            var result = engine.RetrieveMultiple(new FetchExpression(fetch.ToString()));
            names.AddRange(QueryFixture.Names(result, "wb_name"));
            if (!result.MoreRecords) break;
            cookie = result.PagingCookie;
            cookies.Add(cookie);
        }

        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"Snapshot {i:D5}"), names);
        Assert.StartsWith("<cookie page=\"1\"><wb_name last=\"Snapshot 00015\" first=\"Snapshot 00024\" /><wb_usagesnapshotid last=\"{", cookies[0]);
        Assert.StartsWith("<cookie page=\"2\">", cookies[1]);
    }
}

public class PagingCookieDirectionTests
{
    [Fact]
    public void Learns_retrieve_all_sample_which_sends_page_one_twice_still_moves_forward_with_the_cookie()
    {
        var source = new InMemoryQuerySource().Table("wb_usagesnapshot", "wb_name");
        for (int i = 0; i < 7; i++) source.Add("wb_usagesnapshot", ("wb_name", $"S{i}"));
        var engine = new QueryEngine(source);
        var fetch = System.Xml.Linq.XElement.Parse("<fetch><entity name='wb_usagesnapshot'><attribute name='wb_name' /><order attribute='wb_name' /></entity></fetch>");
        int page = 1;
        fetch.SetAttributeValue("page", page);
        fetch.SetAttributeValue("count", 3);
        var names = new List<string>();
        for (int guard = 0; guard < 10; guard++)
        {
            var results = engine.RetrieveMultiple(new FetchExpression(fetch.ToString()));
            names.AddRange(QueryFixture.Names(results, "wb_name"));
            if (!results.MoreRecords) break;
            fetch.SetAttributeValue("paging-cookie", results.PagingCookie);
            fetch.SetAttributeValue("page", page++);
        }
        Assert.Equal(new[] { "S0", "S1", "S2", "S3", "S4", "S5", "S6" }, names);
    }

    [Fact]
    public void An_earlier_page_number_with_a_cookie_goes_back_before_its_first_row()
    {
        var source = new InMemoryQuerySource().Table("wb_usagesnapshot", "wb_name");
        for (int i = 0; i < 7; i++) source.Add("wb_usagesnapshot", ("wb_name", $"S{i}"));
        var engine = new QueryEngine(source);
        var query = new QueryExpression("wb_usagesnapshot") { ColumnSet = new ColumnSet("wb_name"), PageInfo = new PagingInfo { Count = 3, PageNumber = 1 } };
        query.AddOrder("wb_name", OrderType.Ascending);
        var first = engine.RetrieveMultiple(query);
        query.PageInfo = new PagingInfo { Count = 3, PageNumber = 2, PagingCookie = first.PagingCookie };
        var second = engine.RetrieveMultiple(query);
        Assert.Equal(new[] { "S3", "S4", "S5" }, QueryFixture.Names(second, "wb_name"));
        query.PageInfo = new PagingInfo { Count = 3, PageNumber = 1, PagingCookie = second.PagingCookie };
        var back = engine.RetrieveMultiple(query);
        Assert.Equal(new[] { "S0", "S1", "S2" }, QueryFixture.Names(back, "wb_name"));
        Assert.True(back.MoreRecords);
    }
}
