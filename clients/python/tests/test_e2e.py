"""The package against the real release server: a whole game, 200 turns in
one LogTurns stream, error details and WatchRewards."""

from __future__ import annotations

import threading
import uuid
from typing import Iterator

import grpc
import pytest

from gamification_client import REASONS, Clients, connect, error_details
from gamification_client.v1 import (
    conversations_pb2,
    games_pb2,
    questions_pb2,
    rewards_pb2,
    settings_pb2,
    users_pb2,
)


def set_setting(api: Clients, key: str, value: str) -> None:
    """UpdateSetting with the etag just read."""
    current = api.settings.GetSetting(settings_pb2.GetSettingRequest(key=key)).setting
    api.settings.UpdateSetting(
        settings_pb2.UpdateSettingRequest(
            key=key, value=value, etag=current.etag, updated_by="py-client-test", reason="test"
        )
    )


def test_the_token_is_sent_and_a_call_without_it_is_unauthenticated(server: str, api: Clients) -> None:
    with connect(server) as anonymous, pytest.raises(grpc.RpcError) as caught:
        anonymous.settings.GetSetting(settings_pb2.GetSettingRequest(key="daily_game_limit"))
    assert error_details(caught.value).code == grpc.StatusCode.UNAUTHENTICATED
    setting = api.settings.GetSetting(settings_pb2.GetSettingRequest(key="daily_game_limit")).setting
    assert setting.value == "10"


@pytest.fixture(scope="module")
def played(api: Clients) -> games_pb2.GameSession:
    """A user (upserted) who played a whole game right; the completed session."""
    set_setting(api, "min_answer_seconds", "0")
    user = api.users.UpsertUser(
        users_pb2.UpsertUserRequest(php_user_id=601, phone="+91 98123 45679", preferred_language="en")
    ).user
    assert user.phone == "+919812345679"
    game = api.games.StartGame(
        games_pb2.StartGameRequest(
            user_id=user.id, game_type="intent_quest", difficulty="easy", language="en", session_id="wa-py-1"
        )
    ).game_session
    assert game.status == "active"
    assert game.question_count > 0
    while game.HasField("current_question"):
        question = game.current_question
        # The test is an admin: it looks up the right answer of the bank question.
        bank = api.questions.GetQuestion(questions_pb2.GetQuestionRequest(id=question.question_id)).question
        answer = api.games.SubmitAnswer(
            games_pb2.SubmitAnswerRequest(
                game_session_id=game.id, question_id=question.question_id, answer=bank.correct_answer
            )
        )
        assert answer.correct, question.question_id
        assert not answer.suspicious
        game = answer.game_session
    return game


def test_a_user_plays_a_whole_game_that_earns_a_reward(played: games_pb2.GameSession) -> None:
    assert played.status == "completed"
    assert played.answered_count == played.question_count
    assert played.reward.forfeit == ""
    assert played.reward.gold_correct == played.reward.gold_answered
    assert float(played.reward.amount) > 0
    assert played.reward_status == "pending"


def test_watch_rewards_streams_the_reward_of_the_game(api: Clients, played: games_pb2.GameSession) -> None:
    stream = api.rewards.WatchRewards(
        rewards_pb2.WatchRewardsRequest(after_cursor=0, user_id=played.user_id), timeout=15
    )
    # Cancels the stream if nothing comes (the timeout ends it too).
    timer = threading.Timer(15, stream.cancel)
    timer.start()
    try:
        seen = None
        for event in stream:
            assert event.cursor > 0
            if event.reward.game_session_id == played.id:
                seen = event.reward
                break
    finally:
        timer.cancel()
        stream.cancel()
    assert seen is not None, "the reward was streamed"
    assert seen.status == rewards_pb2.REWARD_STATUS_PENDING
    assert float(seen.amount) > 0
    assert seen.user_id == played.user_id


def test_log_turns_streams_200_turns(api: Clients) -> None:
    def turns() -> Iterator[conversations_pb2.LogTurnsRequest]:
        for i in range(200):
            yield conversations_pb2.LogTurnsRequest(
                turn=conversations_pb2.TurnInput(
                    session_id="wa-py-turns",
                    user_message=f"turn {i}: mujhe pizza chahiye",
                    bot_response="Kaunsa pizza?",
                    nlu_intent="order_food",
                    nlu_confidence="0.64",
                    nlu_language="hi",
                    channel="whatsapp",
                ),
                request_id=str(uuid.uuid4()),
            )

    response = api.conversations.LogTurns(turns())
    assert response.accepted_count == 200
    assert list(response.rejected) == []
    assert response.replayed_count == 0
    assert len({logged.turn_id for logged in response.logged}) == 200


def test_a_bad_request_names_its_field(api: Clients) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        api.users.UpsertUser(users_pb2.UpsertUserRequest(php_user_id=602, phone="call me maybe"))
    details = error_details(caught.value)
    assert details.code == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in details.field_violations] == ["phone"]
    assert details.field_violations[0][1]


def test_a_failed_precondition_has_a_stable_reason_and_metadata(api: Clients) -> None:
    user = api.users.UpsertUser(users_pb2.UpsertUserRequest(php_user_id=604, phone="98123 45614")).user

    def start(chat: str) -> games_pb2.StartGameResponse:
        request = games_pb2.StartGameRequest(user_id=user.id, game_type="intent_quest", difficulty="easy", session_id=chat)
        response: games_pb2.StartGameResponse = api.games.StartGame(request)
        return response

    first = start("wa-py-a").game_session
    with pytest.raises(grpc.RpcError) as caught:
        start("wa-py-b")
    details = error_details(caught.value)
    assert details.code == grpc.StatusCode.FAILED_PRECONDITION
    assert details.reason == "GAME_ALREADY_ACTIVE"
    assert details.reason in REASONS
    assert details.error_info is not None
    assert details.error_info.metadata["game_session_id"] == str(first.id)
    api.games.AbandonGame(games_pb2.AbandonGameRequest(game_session_id=first.id))


def test_a_limit_says_which_quota_and_when_to_retry(api: Clients, played: games_pb2.GameSession) -> None:
    set_setting(api, "game_cooldown_seconds", "3600")
    with pytest.raises(grpc.RpcError) as caught:
        api.games.StartGame(
            games_pb2.StartGameRequest(
                user_id=played.user_id, game_type="intent_quest", difficulty="easy", language="en", session_id="wa-py-2"
            )
        )
    details = error_details(caught.value)
    assert details.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert details.quota_failure is not None
    violation = details.quota_failure.violations[0]
    assert violation.subject == f"user:{played.user_id}"
    assert violation.description == "game_cooldown_seconds"
    wait = details.retry_after_seconds
    assert wait is not None and 3500 < wait <= 3600
