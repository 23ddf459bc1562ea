import Foundation

/// The order practice asks questions in, used by the full-screen practice and by
/// `primer quiz`: questions never answered first, then the lowest predicted recall now.
/// Ties (every unseen question, say) are broken at random, from the caller's seeded
/// generator, so two rounds over the same themes do not always open the same way.
public enum PracticeOrder {
    public static func weakestFirst<R: RandomNumberGenerator>(_ questions: [Question], states: [String: CardMemory],
                                                             scheduler: FSRSScheduler, now: Date,
                                                             using rng: inout R) -> [Question] {
        let shuffled = questions.shuffled(using: &rng)
        let recall = shuffled.map { question -> Double in
            guard let card = states[question.id], !card.isNew else { return -1 }   // unseen: weakest of all
            return scheduler.retrievability(of: card, at: now)
        }
        return shuffled.indices.sorted { a, b in
            recall[a] != recall[b] ? recall[a] < recall[b] : a < b
        }.map { shuffled[$0] }
    }
}
