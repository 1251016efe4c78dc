// bench/ns3_cbr.cc - fig1's data traffic in ns-3 3.37: the yardstick for the cost of a
// packet (issue 18, bench/RESULTS.md "The cost of a packet").
//
// What mobsim's fig1 moves: two constant-bit-rate UDP flows over IPv6, A -> B and
// B -> A, 50 packets/s each, 160-byte payloads, for 60 simulated seconds (6,000 packets),
// over a chain of point-to-point links with fig1's delays: access 5 ms, core 20 ms, the
// two home networks 40 ms apart:
//
//   A --5ms-- AR_A --20ms-- HA_A --40ms-- HA_B --20ms-- AR_B --5ms-- B
//
// Each node runs ns-3's full IPv6 stack (InternetStackHelper: IPv6, ICMPv6/NDP, UDP and
// the default traffic-control queue discs), static routes along the chain, UdpClient
// and UdpServer applications; links at 1 Gb/s so transmission takes ~1.3 us and nothing
// queues. No mobility: this measures what ns-3 spends to move the same CBR packets,
// hop by hop, the work mobsim does per data packet (build, route, deliver, count).
// The links use ULA prefixes fd00:0:N::/64, not fig1's 2001:db8::/32: ns-3's IPv6
// forwarding drops the documentation prefix ("documentation class. Drop.").
//
// Usage: ns3_cbr [EPISODES] [ROUNDS]   (defaults 20 and 1)
// Runs ROUNDS x EPISODES episodes in one process (topology built, run, destroyed each
// time) and prints, per round, the median wall time of an episode's Simulator::Run()
// and of the whole episode (topology + run + destroy), the events and the packets
// received. bench/cost.mk builds it (make build/ns3_cbr); make cost-bench runs it.
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace ns3;

namespace
{

const int kNodes = 6;                                 // A, AR_A, HA_A, HA_B, AR_B, B
const double kDelayMs[kNodes - 1] = {5, 20, 40, 20, 5}; // link i joins node i and i+1
const uint32_t kPackets = 3000;                       // per direction: 60 s at 50/s
const uint32_t kSize = 160;                           // UDP payload bytes

struct Episode
{
    double runS, wholeS;
    uint64_t events, received;
};

Episode
RunEpisode()
{
    auto t0 = std::chrono::steady_clock::now();
    NodeContainer nodes;
    nodes.Create(kNodes);
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    stack.Install(nodes);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    // addr[i][0]: node i's address on link i; addr[i][1]: node i+1's
    Ipv6Address addr[kNodes - 1][2];
    std::vector<Ipv6InterfaceContainer> ifs;
    for (int i = 0; i < kNodes - 1; i++)
    {
        p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(kDelayMs[i])));
        NetDeviceContainer d = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
        Ipv6AddressHelper ah;
        char net[32];
        std::snprintf(net, sizeof(net), "fd00:0:%x::", i + 1);
        ah.SetBase(Ipv6Address(net), Ipv6Prefix(64));
        Ipv6InterfaceContainer ic = ah.Assign(d);
        ic.SetForwarding(0, true);
        ic.SetForwarding(1, true);
        addr[i][0] = ic.GetAddress(0, 1);
        addr[i][1] = ic.GetAddress(1, 1);
        ifs.push_back(ic);
    }
    // Static routes along the chain: node k reaches link j's network through its
    // right-hand neighbour when j > k, its left-hand one when j < k - 1.
    Ipv6StaticRoutingHelper rh;
    for (int k = 0; k < kNodes; k++)
    {
        Ptr<Ipv6> ip = nodes.Get(k)->GetObject<Ipv6>();
        Ptr<Ipv6StaticRouting> r = rh.GetStaticRouting(ip);
        for (int j = 0; j < kNodes - 1; j++)
        {
            char net[32];
            std::snprintf(net, sizeof(net), "fd00:0:%x::", j + 1);
            if (j > k)
            {
                r->AddNetworkRouteTo(Ipv6Address(net),
                                     Ipv6Prefix(64),
                                     addr[k][1],
                                     ip->GetInterfaceForAddress(addr[k][0]));
            }
            else if (j < k - 1)
            {
                r->AddNetworkRouteTo(Ipv6Address(net),
                                     Ipv6Prefix(64),
                                     addr[k - 1][0],
                                     ip->GetInterfaceForAddress(addr[k - 1][1]));
            }
        }
    }

    // the two flows, as fig1's: A -> B on port 7001, B -> A on 7002, 10 ms apart
    Ipv6Address aAddr = addr[0][0], bAddr = addr[kNodes - 2][1];
    UdpServerHelper sb(7001), sa(7002);
    ApplicationContainer servers = sb.Install(nodes.Get(kNodes - 1));
    servers.Add(sa.Install(nodes.Get(0)));
    servers.Start(Seconds(0));
    UdpClientHelper ca(bAddr, 7001), cb(aAddr, 7002);
    for (UdpClientHelper* c : {&ca, &cb})
    {
        c->SetAttribute("MaxPackets", UintegerValue(kPackets));
        c->SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        c->SetAttribute("PacketSize", UintegerValue(kSize));
    }
    ApplicationContainer clients = ca.Install(nodes.Get(0));
    clients.Get(0)->SetStartTime(Seconds(2.0));
    ApplicationContainer cbApp = cb.Install(nodes.Get(kNodes - 1));
    cbApp.Get(0)->SetStartTime(Seconds(2.01));
    Simulator::Stop(Seconds(63));

    auto t1 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t2 = std::chrono::steady_clock::now();
    Episode e;
    e.events = Simulator::GetEventCount();
    e.received = DynamicCast<UdpServer>(servers.Get(0))->GetReceived() +
                 DynamicCast<UdpServer>(servers.Get(1))->GetReceived();
    Simulator::Destroy();
    auto t3 = std::chrono::steady_clock::now();
    e.runS = std::chrono::duration<double>(t2 - t1).count();
    e.wholeS = std::chrono::duration<double>(t3 - t0).count();
    return e;
}

double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int
main(int argc, char** argv)
{
    int episodes = argc > 1 ? std::atoi(argv[1]) : 20;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 1;
    if (episodes < 1 || rounds < 1)
    {
        std::fprintf(stderr, "usage: ns3_cbr [EPISODES] [ROUNDS] (both >= 1)\n");
        return 2;
    }
    // The clients start at 2 s: ns-3's DAD (1 s) is over by then, so every data
    // packet finds its route and neighbour entries; NDP costs a few events at the start.
    for (int r = 0; r < rounds; r++)
    {
        std::vector<double> run, whole;
        Episode e{};
        for (int i = 0; i < episodes; i++)
        {
            e = RunEpisode();
            run.push_back(e.runS);
            whole.push_back(e.wholeS);
        }
        std::printf("ns3_cbr round=%d episodes=%d median_run_ms=%.3f median_episode_ms=%.3f "
                    "episodes_per_s=%.2f events=%llu received=%llu sent=%u\n",
                    r,
                    episodes,
                    1e3 * Median(run),
                    1e3 * Median(whole),
                    1.0 / Median(whole),
                    (unsigned long long)e.events,
                    (unsigned long long)e.received,
                    2 * kPackets);
    }
    return 0;
}
