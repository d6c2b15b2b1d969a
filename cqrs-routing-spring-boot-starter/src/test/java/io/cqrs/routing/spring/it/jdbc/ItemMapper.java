package io.cqrs.routing.spring.it.jdbc;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

@Mapper
public interface ItemMapper {

    @Select("SELECT @@server_id")
    int serverId();

    @Select("SELECT COUNT(*) FROM item")
    int count();

    @Insert("INSERT INTO item (name) VALUES (#{name})")
    int insert(String name);
}
